// Package content is the bulletin's content model: the site, its menu groups and
// the tree of nodes (sections, articles, external links) with the metadata that
// Polish law requires of every BIP article.
//
// It is the vocabulary shared by every other package. It may import only the
// standard library and github.com/google/uuid. It knows nothing of files, zip
// archives, Badger or HTTP.
package content
