package store

import "github.com/dgraph-io/badger/v4"

// FragmentBytes is how many bytes the values of generation gen's fragments
// take as kept, their dictionaries included: for tests of their size.
func FragmentBytes(st *Store, gen uint64) (n int) {
	st.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: genKindPrefix(gen, kindFragment)})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			n += int(it.Item().ValueSize())
		}
		return nil
	})
	return n
}
