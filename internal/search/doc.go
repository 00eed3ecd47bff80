// Package search is the bulletin's offline full-text search: Polish-aware
// analysis (case and diacritics folding, a light stemmer, one-typo tolerance),
// an index built during import inside the generation it describes (through
// store.Indexer), and BM25F ranking with phrase queries, filters, snippets and
// "did you mean". The design and its measured figures are in docs/search.md.
//
// It may import the standard library, internal/attachment, internal/content,
// internal/parallel, internal/store, github.com/google/uuid and
// golang.org/x/text. It knows nothing of HTTP.
package search
