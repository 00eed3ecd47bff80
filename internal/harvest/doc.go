// Package harvest turns the pages of a live BIP (Biuletyn Informacji
// Publicznej) web site into the content model and writes it as a source tree
// (docs/source-format.md), so that a bulletin no system exports can still be
// signed into a bundle.
//
// It takes pages already fetched (Page: address, Content-Type, bytes) and a
// way to read an attachment's bytes; fetching is the crawler's job, so the
// extraction is tested on files alone. An Adapter reads one system's markup
// (WordPress, the state's free BIP hosting, …); the generic adapter reads an
// unknown BIP by its structure: landmarks, ids and classes, text density and
// the blocks repeated on most pages. Metadata labels ("Wytworzył",
// "Dokument oglądany razy", …), Polish date forms and mis-declared character
// sets are read by tables tested on their own. Where a system's API gives
// the page tree (WordPress's REST API: parent ids and menu_order), its
// entries and places win over what the HTML shows (Parsed.Entries, Place).
//
// It may import the standard library, internal/attachment, internal/content,
// github.com/google/uuid, golang.org/x/net/html, golang.org/x/text (the
// ISO-8859-2 and Windows-1250 decoders) and go.yaml.in/yaml/v3. Its tests also
// import internal/source, to read the written tree back. It knows nothing of
// HTTP, bundles or Badger.
package harvest
