package search

import (
	"strings"

	"bipkiosk/internal/attachment"
	"bipkiosk/internal/content"
	"bipkiosk/internal/store"
)

// firstHit returns the byte offset in text of the first word the query
// matched, or -1.
func (m marks) firstHit(text string) int {
	at := -1
	scanWords(text, func(start, end int) bool {
		if m.matchWritten(text[start:end]) {
			at = start
			return false
		}
		return true
	})
	return at
}

// hitPage is the page (from 1) of attachment a on which the first matched
// word of its published text stands, so a result opens the viewer there;
// 0 for a file without page images or published text. head is the start
// of that text the index keeps for snippets: most hits are in it, and only
// the others read the whole text from the store. A file found by its
// title alone opens at its first page.
func (r *run) hitPage(rd *store.Reader, a content.Attachment, head string) int {
	if len(a.Pages) == 0 || a.Text == nil {
		return 0
	}
	page := func(text string, at int) int { return min(content.PageOf(text, at), len(a.Pages)) }
	if at := r.mark.firstHit(head); at >= 0 {
		return page(head, at)
	}
	if len(head) < maxAttText-utf8Max {
		return 1 // head is the whole text
	}
	found := 1
	err := rd.Blob(a.Text.SHA256, func(data []byte) error {
		text := clipText(strings.ToValidUTF8(string(data), "\uFFFD"), attachment.MaxText)
		if at := r.mark.firstHit(text); at >= 0 {
			found = page(text, at)
		}
		return nil
	})
	if err != nil {
		return 1
	}
	return found
}

// utf8Max is the longest encoding of one character: a kept head shorter
// than its bound by more than this was not cut.
const utf8Max = 4
