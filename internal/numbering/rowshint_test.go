package numbering

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

// TestRowsHint: a reader told its list's size estimates the rows in all from those read so
// far, a little over and never past the most it takes; untold, or before a row, it cannot.
func TestRowsHint(t *testing.T) {
	t.Parallel()
	list := func(kind Kind, rows int) string {
		var b strings.Builder
		if kind == CSV {
			b.WriteString("number to port,receiving number,tracking source,account name\n")
		}
		for i := range rows {
			if kind == CSV {
				fmt.Fprintf(&b, "+44113%07d,+441614960000,Campaign %d,Acme\n", 2000000+i, i%50)
			} else {
				fmt.Fprintf(&b, "0113 %03d %04d\r\n", i/10000, i%10000)
			}
		}
		return b.String()
	}
	for _, c := range []struct {
		name      string
		kind      Kind
		rows      int
		sized     bool
		claimed   int64 // the size the reader is told; 0: the list's own
		maxRows   int
		low, high int // the hint after reading 1,024 rows, inclusive
	}{
		{"csv", CSV, 20000, true, 0, MaxRows, 20000, 21200},
		{"txt, CRLF", TXT, 20000, true, 0, MaxRows, 20000, 21200},
		{"not sized", CSV, 20000, false, 0, MaxRows, 0, 0},
		{"more than it takes", CSV, 20000, true, 0, 5000, 5000, 5000},
		// A body's Content-Length is the client's word until the body runs out.
		{"a size claimed past any list", CSV, 20000, true, math.MaxInt64, MaxRows, MaxRows, MaxRows},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			text := list(c.kind, c.rows)
			rr := NewRowReader(strings.NewReader(text), c.kind)
			if c.sized {
				size := int64(len(text))
				if c.claimed > 0 {
					size = c.claimed
				}
				rr.Sized(size)
			}
			rr.SetMaxRows(c.maxRows)
			if h := rr.RowsHint(); h != 0 {
				t.Fatalf("before a row: hint %d", h)
			}
			for range 1024 {
				if _, err := rr.Next(); err != nil {
					t.Fatal(err)
				}
			}
			if h := rr.RowsHint(); h < c.low || h > c.high {
				t.Fatalf("hint %d after 1,024 of %d rows, want %d to %d", h, c.rows, c.low, c.high)
			}
		})
	}
}
