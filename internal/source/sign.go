package source

import (
	"fmt"
	"os"
	"path"
	"strings"

	"bipkiosk/internal/content"
	"bipkiosk/internal/webvtt"
)

// signVideoTypes are the recording's types by extension: the two every
// shell plays (content.SignVideoTypes).
var signVideoTypes = map[string]string{".webm": "video/webm", ".mp4": "video/mp4"}

// siteSignLanguage reads sign_language: the body's information in Polish
// Sign Language, a video (video:, .webm or .mp4) with WebVTT captions
// (captions:, .vtt) and an optional title. Both files are required: the
// law asks for captions, and the app shows no video without them.
func (r *reader) siteSignLanguage(spec *siteSpec, v yamlView, kv pair) {
	if isNull(kv.val) || !v.mapping(kv.val, "sign_language") {
		return
	}
	var sv content.SignVideo
	var video, captions string
	for _, p := range v.pairs(kv.val) {
		switch p.key.Value {
		case "title":
			sv.Title = v.limited(p, content.MaxTitle)
		case "video":
			video = r.siteFile(spec, v, p, &sv.Video)
		case "captions":
			captions = r.siteFile(spec, v, p, &sv.Captions)
		default:
			v.unknown(p.key, " in sign_language")
		}
	}
	line := v.line(kv.val)
	if video == "" || captions == "" {
		v.fail(line, fmt.Errorf("%w: sign_language needs both \"video:\" (a .webm or .mp4 file) and \"captions:\" (a WebVTT .vtt file)", ErrSite))
		return
	}
	sv.Video.Type = signVideoTypes[strings.ToLower(path.Ext(video))]
	sv.Captions.Type = content.CaptionsType
	if data, err := os.ReadFile(spec.files[sv.Captions.SHA256]); err != nil || !webvtt.Valid(data) {
		v.fail(line, fmt.Errorf("%w: sign_language captions %s are not a WebVTT file (it must start with \"WEBVTT\")", ErrSite, captions))
		return
	}
	if err := sv.Check(); err != nil {
		v.fail(line, fmt.Errorf("%w: %s: %w", ErrSite, video, err))
		return
	}
	spec.site.SignLanguage = &sv
}

// siteFile reads a file site.yaml names into b and returns its path
// relative to the tree, or "" when it is missing or not a file.
func (r *reader) siteFile(spec *siteSpec, v yamlView, p pair, b *content.Blob) string {
	file, _ := v.raw(p)
	if strings.TrimSpace(file) == "" {
		return ""
	}
	rel, err := relPath("", file)
	if err != nil {
		v.fail(v.line(p.val), err)
		return ""
	}
	spec.refs = append(spec.refs, rel)
	blob, real, _, err := r.blob(rel)
	if err != nil {
		v.fail(v.line(p.val), err)
		return ""
	}
	spec.files[blob.SHA256] = real
	*b = blob
	return rel
}
