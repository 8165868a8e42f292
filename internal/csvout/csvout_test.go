package csvout

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
)

func TestSafe(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"":                         "",
		"Acme Ltd":                 "Acme Ltd",
		"=HYPERLINK(\"x\",\"y\")":  "'=HYPERLINK(\"x\",\"y\")",
		"+SUM(A1:A2)":              "'+SUM(A1:A2)",
		"-2+3":                     "'-2+3",
		"@cmd":                     "'@cmd",
		"\t=1":                     "'\t=1",
		"\r=1":                     "'\r=1",
		"-15.00":                   "-15.00",
		"+441134960000":            "+441134960000",
		"1500":                     "1500",
		"Reversal of #3 (-GBP 15)": "Reversal of #3 (-GBP 15)",
	} {
		if got := Safe(in); got != want {
			t.Errorf("Safe(%q) = %q, want %q", in, got, want)
		}
	}
}

// Whatever the cells, the file reads back as the same rows, each cell its safe self, and no
// cell read back starts a formula unless it is a plain number.
func FuzzWriter(f *testing.F) {
	f.Add("=1+1", "-15.00", "a,b\n\"c\"")
	f.Add("+44", "@x", "\t")
	f.Fuzz(func(t *testing.T, a, b, c string) {
		var buf bytes.Buffer
		w := NewWriter(&buf)
		row := []string{a, b, c}
		if err := w.Write(row); err != nil {
			return // encoding/csv refuses some fields (e.g. invalid quotes in none); nothing written
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		got, err := csv.NewReader(&buf).Read()
		if err != nil {
			t.Fatalf("%q does not read back: %v", buf.String(), err)
		}
		for i, cell := range got {
			// encoding/csv reads carriage returns inside a quoted field back loosely (\r\n as
			// \n, a lone one at the end not at all): compare without them.
			want := Safe(row[i])
			if strings.ReplaceAll(cell, "\r", "") != strings.ReplaceAll(strings.ReplaceAll(want, "\r\n", "\n"), "\r", "") {
				t.Fatalf("cell %d: wrote %q, read %q", i, want, cell)
			}
			if want != "" && strings.ContainsRune("=+-@", rune(want[0])) && !number.MatchString(want) {
				t.Fatalf("cell %q starts a formula", cell)
			}
		}
	})
}
