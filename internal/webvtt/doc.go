// Package webvtt reads WebVTT captions (the captions track of a
// sign-language recording) as far as the app needs: whether bytes are a
// WebVTT file at all, and the cues' text in order, so a page can show the
// captions as text beside the video.
//
// It may import the standard library only.
package webvtt
