package numbering

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/portdesk/portdesk/domain"
)

var update = flag.Bool("update", false, "rewrite golden files")

func readAll(t testing.TB, in string, kind Kind) ([]domain.NumberRow, error) {
	t.Helper()
	rr := NewRowReader(strings.NewReader(in), kind)
	var rows []domain.NumberRow
	for {
		r, err := rr.Next()
		if errors.Is(err, io.EOF) {
			return rows, nil
		}
		if err != nil {
			return rows, err
		}
		rows = append(rows, r)
	}
}

func TestRowReader(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		in    string
		kind  Kind
		lines []int
		first domain.NumberRow
		err   domain.ErrorCode
	}{
		{"header comma", "number to port,receiving number,tracking source,account name\n+441134960000,+441614960000,Google,Acme\n", CSV,
			[]int{2}, domain.NumberRow{Line: 2, Number: "+441134960000", ReceivingNumber: "+441614960000", TrackingSource: "Google", AccountName: "Acme"}, ""},
		{"no header, tabs, CRLF, BOM", "\xEF\xBB\xBF01134960000\t01614960000\tRadio\r\n01134960001\t\t\r\n", CSV,
			[]int{1, 2}, domain.NumberRow{Line: 1, Number: "01134960000", ReceivingNumber: "01614960000", TrackingSource: "Radio"}, ""},
		{"quoted comma, blank lines", "\n\"0113 496 0000\",,\"Google, paid\"\n\n0113 496 0001\n", CSV,
			[]int{2, 4}, domain.NumberRow{Line: 2, Number: "0113 496 0000", TrackingSource: "Google, paid"}, ""},
		{"one column csv", "+12015550123\n+12015550124", CSV, []int{1, 2}, domain.NumberRow{Line: 1, Number: "+12015550123"}, ""},
		{"txt", "+1 201 555 0123\r\n\n  +1 201 555 0124  \n", TXT, []int{1, 3}, domain.NumberRow{Line: 1, Number: "+1 201 555 0123"}, ""},
		{"pdf", "%PDF-1.7\n\x00\x01\x02binary", CSV, nil, domain.NumberRow{}, domain.ErrUnsupportedContent},
		{"png", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", CSV, nil, domain.NumberRow{}, domain.ErrUnsupportedContent},
		{"latin1", "0113 496 0000,,Caf\xe9\n", CSV, nil, domain.NumberRow{}, domain.ErrUnsupportedContent},
		{"long line", "0113 496 0000\n" + strings.Repeat("9", 5000) + "\n", CSV, []int{1}, domain.NumberRow{Line: 1, Number: "0113 496 0000"}, domain.ErrInvalid},
		{"long txt line", strings.Repeat("9", 5000), TXT, nil, domain.NumberRow{}, domain.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rows, err := readAll(t, tt.in, tt.kind)
			if domain.CodeOf(err) != tt.err {
				t.Fatalf("err = %v, want code %q", err, tt.err)
			}
			var lines []int
			for _, r := range rows {
				lines = append(lines, r.Line)
			}
			if fmt.Sprint(lines) != fmt.Sprint(tt.lines) {
				t.Errorf("lines %v, want %v", lines, tt.lines)
			}
			if len(rows) > 0 && rows[0] != tt.first {
				t.Errorf("first row %+v, want %+v", rows[0], tt.first)
			}
		})
	}
}

func TestRowReaderLimit(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	for i := range MaxRows + 1 {
		fmt.Fprintf(&b, "+44113%07d\n", 2000000+i)
	}
	rows, err := readAll(t, b.String(), CSV)
	if !domain.IsCode(err, domain.ErrTooLarge) || len(rows) != MaxRows {
		t.Fatalf("got %d rows, %v", len(rows), err)
	}
}

// TestRowReaderGolden keeps a representative upload's rows as reviewed JSON.
func TestRowReaderGolden(t *testing.T) {
	t.Parallel()
	in, err := os.ReadFile(filepath.Join("testdata", "upload.csv"))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := readAll(t, string(in), CSV)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := json.MarshalIndent(rows, "", "  ")
	golden := filepath.Join("testdata", "upload.golden.json")
	if *update {
		if err := os.WriteFile(golden, append(got, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(bytes.TrimSpace(want), bytes.TrimSpace(got)) {
		t.Errorf("rows differ from %s (run with -update after checking):\n%s", golden, got)
	}
}

func FuzzRowReader(f *testing.F) {
	f.Add([]byte("number,receiving\n+441134960000,+441614960000\n"), false)
	f.Add([]byte("\xEF\xBB\xBF0113\t0161\tx\tAcme\r\n\"a,b\"\n"), false)
	f.Add([]byte("+12015550123\n\n+12015550124"), true)
	f.Add([]byte("\"unterminated\n1,2"), false)
	f.Fuzz(func(t *testing.T, in []byte, txt bool) {
		kind := CSV
		if txt {
			kind = TXT
		}
		rr := NewRowReader(bytes.NewReader(in), kind)
		last := 0
		for i := 0; ; i++ {
			if i > len(in)+1 {
				t.Fatal("more rows than bytes: the reader does not terminate")
			}
			r, err := rr.Next()
			if err != nil {
				if !errors.Is(err, io.EOF) && domain.CodeOf(err) == domain.ErrInternal {
					t.Fatalf("unclassified error %v", err)
				}
				// Errors are sticky.
				if _, again := rr.Next(); !errors.Is(again, err) && again.Error() != err.Error() {
					t.Fatalf("error not sticky: %v then %v", err, again)
				}
				return
			}
			if r.Line <= last {
				t.Fatalf("line %d after %d", r.Line, last)
			}
			last = r.Line
		}
	})
}

func BenchmarkRowReader100k(b *testing.B) {
	var buf bytes.Buffer
	buf.WriteString("number to port,receiving number,tracking source,account name\n")
	for i := range 100_000 {
		fmt.Fprintf(&buf, "+44113%07d,+441614960000,Campaign %d,Acme\n", 2000000+i, i%50)
	}
	in := buf.Bytes()
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		rr := NewRowReader(bytes.NewReader(in), CSV)
		for {
			if _, err := rr.Next(); err != nil {
				break
			}
		}
	}
}
