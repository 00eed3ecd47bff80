package bundle

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"bipkiosk/internal/content"
)

// withPublished is the sample with text and two page images on its PDF.
func withPublished() sample {
	s := newSample()
	text := []byte("strona pierwsza\fstrona druga")
	p1, p2 := []byte("\x89PNG page one"), []byte("\xff\xd8\xff page two")
	for _, b := range [][]byte{text, p1, p2} {
		s.blobs[blob(b, "").SHA256] = b
	}
	a := &s.nodes[1].Attachments[0]
	a.Text = &content.AttachmentText{Blob: blob(text, "text/plain; charset=utf-8"), Method: content.TextOCR}
	a.Pages = []content.PageImage{{Blob: blob(p1, "image/png"), Width: 1240, Height: 1754}, {Blob: blob(p2, "image/jpeg"), Width: 1240, Height: 1754}}
	return s
}

// TestPublishedRoundTrip writes an attachment's text and pages as format
// version 2 with their files, and reads them back; a bundle without them
// stays version 1.
func TestPublishedRoundTrip(t *testing.T) {
	for _, tt := range []struct {
		name    string
		s       sample
		version int
		files   int
	}{{"without", newSample(), 1, 3}, {"with", withPublished(), 2, 6}} {
		t.Run(tt.name, func(t *testing.T) {
			b, err := Open(save(t, "b.zip", tt.s.write(t, chojnow, 7)), trustChojnow())
			if err != nil {
				t.Fatal(err)
			}
			defer b.Close()
			if v := b.Manifest().Version; v != tt.version {
				t.Errorf("version %d, want %d", v, tt.version)
			}
			if _, files := b.Counts(); files != tt.files {
				t.Errorf("%d files, want %d", files, tt.files)
			}
			var got content.Attachment
			err = b.EachNode(func(n content.Node) error {
				if n.ID == tt.s.nodes[1].ID {
					got = n.Attachments[0]
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			want := tt.s.nodes[1].Attachments[0]
			if !sameJSON(got, want) {
				t.Errorf("attachment read back as %+v, want %+v", got, want)
			}
		})
	}
}

// TestPublishedRefused: text and pages are checked like any file, and
// only in format version 2.
func TestPublishedRefused(t *testing.T) {
	tests := []struct {
		name   string
		change func(a *content.Attachment)
		want   error
		phrase string
	}{
		{"page of another type", func(a *content.Attachment) { a.Pages[0].Type = "image/svg+xml" }, ErrUnsafe, `type "image/svg+xml"; want image/png or image/jpeg`},
		{"text as HTML", func(a *content.Attachment) { a.Text.Type = "text/html" }, ErrUnsafe, "want text/plain"},
		{"unknown method", func(a *content.Attachment) { a.Text.Method = "guess" }, ErrCorrupt, `method "guess"`},
		{"page without size", func(a *content.Attachment) { a.Pages[1].Width = 0 }, ErrCorrupt, "page 2 is 0 × 1754 pixels"},
		{"page too wide", func(a *content.Attachment) { a.Pages[1].Width = MaxPageSide + 1 }, ErrCorrupt, "page 2 is"},
		{"text too long", func(a *content.Attachment) { a.Text.Size = MaxTextBlob + 1 }, ErrLimit, "the limit is 1048576"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := withPublished()
			tt.change(&s.nodes[1].Attachments[0])
			err := Write(&bytes.Buffer{}, WriteOptions{Key: chojnow, Sequence: 7, Created: created}, s.site, s.nodes, s.opener())
			if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), tt.phrase) {
				t.Errorf("Write: %v, want %v with %q", err, tt.want, tt.phrase)
			}
		})
	}
	t.Run("version 1 with pages", func(t *testing.T) {
		c := craftFrom(t, withPublished().write(t, chojnow, 7))
		c.manifest.Version = VersionWithoutPages
		b, err := Open(c.save(t), trustChojnow())
		if err == nil {
			defer b.Close()
			err = b.EachNode(func(content.Node) error { return nil })
		}
		if !errors.Is(err, ErrFormat) || !strings.Contains(err.Error(), "format version 1 does not have") {
			t.Errorf("got %v, want %v", err, ErrFormat)
		}
	})
}
