package source

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"sync"

	"github.com/google/uuid"

	"bipkiosk/internal/content"
)

// ReadLean reads the source tree at dir like Read, but keeps the rendered
// bodies and earlier bodies out of memory: they go to a temporary file in
// spillDir ("" for the system's) as the pages are parsed, the Tree's nodes
// have them empty, and Tree.Complete puts them back into a copy of a node.
// Bodies are most of a tree's memory (about 1.7 GiB at 100 000 articles);
// what stays is the menu, the metadata and the attachments. The file is
// unlinked as soon as it is open where the system allows it, so a killed
// build leaves nothing behind; Close the tree to release it.
func ReadLean(dir, spillDir string) (*Tree, error) {
	f, err := os.CreateTemp(spillDir, "bipkiosk-bodies-*")
	if err != nil {
		return nil, fmt.Errorf("source: %s: keep bodies on disk: %w", dir, err)
	}
	sp := &spill{f: f, name: f.Name(), byID: map[uuid.UUID]spilled{}}
	if os.Remove(sp.name) == nil {
		sp.name = "" // gone with the process, even if it is killed
	}
	tree, err := read(dir, sp)
	if err == nil {
		err = sp.err
	}
	if err != nil {
		sp.close()
		return nil, err
	}
	tree.spill = sp
	return tree, nil
}

// Complete fills in the body and earlier bodies of n, a copy of one of the
// tree's nodes, when the tree was read by ReadLean; otherwise it does
// nothing. Its history is copied first, so the tree's own stays empty. It is
// safe for concurrent use.
func (t *Tree) Complete(n *content.Node) error {
	if t.spill == nil {
		return nil
	}
	return t.spill.complete(n)
}

// Close removes the file of a tree read by ReadLean; after it, Complete
// fails. It does nothing for a tree read by Read.
func (t *Tree) Close() error {
	if t.spill == nil {
		return nil
	}
	return t.spill.close()
}

// span is where one body sits in the spill file.
type span struct {
	off int64
	n   int
}

// spilled is where a page's body and the earlier bodies of its history sit.
type spilled struct {
	body span
	prev []span // by history index; empty spans for entries without one
}

// spill is the file that holds the bodies of a lean tree.
type spill struct {
	f    *os.File
	name string // removed by close where the system kept the open file's name
	off  int64
	err  error                 // the first write error; the read fails with it
	byID map[uuid.UUID]spilled // filled once the ids are known, then only read
	once sync.Once
}

// keep writes the node's bodies to the file and clears them in the node.
// It is called on one goroutine, in the order pages are parsed.
func (s *spill) keep(n *content.Node) *spilled {
	sp := &spilled{body: s.write(n.Body)}
	n.Body = ""
	for i := range n.History {
		sp.prev = append(sp.prev, s.write(n.History[i].PreviousBody))
		n.History[i].PreviousBody = ""
	}
	return sp
}

func (s *spill) write(text string) span {
	if text == "" || s.err != nil {
		return span{}
	}
	sp := span{off: s.off, n: len(text)}
	if _, err := s.f.WriteString(text); err != nil {
		s.err = fmt.Errorf("source: keep bodies on disk: %w", err)
		return span{}
	}
	s.off += int64(len(text))
	return sp
}

func (s *spill) read(sp span) (string, error) {
	if sp.n == 0 {
		return "", nil
	}
	buf := make([]byte, sp.n)
	if _, err := s.f.ReadAt(buf, sp.off); err != nil {
		return "", fmt.Errorf("source: read a body kept on disk: %w", err)
	}
	return string(buf), nil
}

func (s *spill) complete(n *content.Node) error {
	sp, ok := s.byID[n.ID]
	if !ok {
		return nil // a section made from a folder name: no body
	}
	var err error
	if n.Body, err = s.read(sp.body); err != nil {
		return err
	}
	if len(sp.prev) != len(n.History) {
		return errors.New("source: a node's history is not the one read from its file")
	}
	n.History = slices.Clone(n.History)
	for i := range n.History {
		if n.History[i].PreviousBody, err = s.read(sp.prev[i]); err != nil {
			return err
		}
	}
	return nil
}

// close removes the file; it is safe to call more than once.
func (s *spill) close() error {
	var err error
	s.once.Do(func() {
		err = s.f.Close()
		if s.name != "" {
			err = errors.Join(err, os.Remove(s.name))
		}
	})
	return err
}
