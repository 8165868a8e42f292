package ranges

import (
	"strings"
	"sync/atomic"
)

// maxPrefix is the longest block prefix: 15 E.164 digits.
const maxPrefix = 15

// Index answers, for a number, the most specific block that holds it.
type Index struct {
	byLen  [maxPrefix + 1]map[string]int32 // prefix → position in blocks, per prefix length
	blocks []Block
	// what the index was loaded from, for Status
	dir    string
	files  []File
	counts map[Source]int // blocks in use per register
}

// NewIndex builds an index; a later block with the same prefix replaces an earlier one, so
// files loaded later (newer) win.
func NewIndex(blocks []Block) *Index {
	ix := &Index{}
	for _, b := range blocks {
		ix.add(b)
	}
	return ix
}

func (ix *Index) add(b Block) {
	n := len(b.Prefix)
	if n == 0 || n > maxPrefix {
		return
	}
	if ix.byLen[n] == nil {
		ix.byLen[n] = map[string]int32{}
	}
	if ix.counts == nil {
		ix.counts = map[Source]int{}
	}
	ix.counts[b.Source]++
	if i, ok := ix.byLen[n][b.Prefix]; ok {
		ix.counts[ix.blocks[i].Source]--
		ix.blocks[i] = b
		return
	}
	ix.byLen[n][b.Prefix] = int32(len(ix.blocks))
	ix.blocks = append(ix.blocks, b)
}

// Len is the number of blocks.
func (ix *Index) Len() int { return len(ix.blocks) }

// Lookup finds the longest block prefix of e164 ("+441134960000" or digits).
func (ix *Index) Lookup(e164 string) (Block, bool) {
	d := strings.TrimPrefix(e164, "+")
	for n := min(len(d), maxPrefix); n > 0; n-- {
		if m := ix.byLen[n]; m != nil {
			if i, ok := m[d[:n]]; ok {
				return ix.blocks[i], true
			}
		}
	}
	return Block{}, false
}

// Set is the index in use, replaced whole when new files are imported, so that lookups in
// flight keep a consistent view and the server needs no restart.
type Set struct {
	cur     atomic.Pointer[Index]
	problem atomic.Pointer[string] // why the last reload failed; nil once one succeeds
}

// Swap puts ix in use.
func (s *Set) Swap(ix *Index) {
	s.cur.Store(ix)
	s.problem.Store(nil)
}

// InUse is the index in use (nil before one is loaded): what was worked out from the range
// data stands while it is still the one in use.
func (s *Set) InUse() *Index { return s.cur.Load() }

// Lookup asks the index in use; with none loaded, nothing is found.
func (s *Set) Lookup(e164 string) (Block, bool) {
	ix := s.cur.Load()
	if ix == nil {
		return Block{}, false
	}
	return ix.Lookup(e164)
}
