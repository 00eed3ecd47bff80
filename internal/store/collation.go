package store

import (
	"sync"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// collators sort menu titles in Polish alphabetical order (Ł after L, not
// after Z). A collator is not safe for concurrent use, hence the pool.
var collators = sync.Pool{New: func() any { return collate.New(language.Polish) }}

// titleSortKey returns a byte string whose byte order is the Polish
// alphabetical order of titles, bounded by titleKeyLen bytes of title.
func titleSortKey(title string) []byte {
	c := collators.Get().(*collate.Collator)
	defer collators.Put(c)
	var buf collate.Buffer
	return append([]byte(nil), c.KeyFromString(&buf, string(clip(title, titleKeyLen)))...)
}
