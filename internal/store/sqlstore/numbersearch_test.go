package sqlstore

import (
	"strings"
	"testing"
)

// TestPrefixRange: the strings that begin with a prefix are a range [lo, hi) in byte
// order, hi never one of them, and every number of up to 15 digits that begins with the
// prefix within it, a run of 9s too.
func TestPrefixRange(t *testing.T) {
	t.Parallel()
	nines := strings.Repeat("9", 16)
	for _, c := range []struct{ prefix, hi string }{
		{"+44", "+45"},
		{"+449", "+45"},
		{"+4420794608", "+4420794609"},
		{"019", "02"},
		{"+9", "+9" + nines},
		{"+999", "+999" + nines},
		{"9", "9" + nines},
	} {
		lo, hi := prefixRange(c.prefix)
		if lo != c.prefix || hi != c.hi {
			t.Errorf("%s: [%s, %s), want [%s, %s)", c.prefix, lo, hi, c.prefix, c.hi)
		}
		for _, n := range []string{c.prefix, c.prefix + "0", c.prefix + strings.Repeat("9", 15-len(strings.TrimPrefix(c.prefix, "+")))} {
			if n < lo || n >= hi {
				t.Errorf("%s: %s outside [%s, %s)", c.prefix, n, lo, hi)
			}
		}
		if strings.HasPrefix(hi, c.prefix) && len(strings.TrimPrefix(hi, "+")) <= 15 {
			t.Errorf("%s: %s, its end, is a number it begins", c.prefix, hi)
		}
	}
}
