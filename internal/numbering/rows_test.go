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
	"slices"
	"strings"
	"testing"

	"github.com/portdesk/portdesk/internal/domain"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// readAll reads every row of src, and the error that stopped it (nil at io.EOF).
func readAll(src domain.RowSource) ([]domain.NumberRow, error) {
	var rows []domain.NumberRow
	for {
		r, err := src.Next()
		if errors.Is(err, io.EOF) {
			return rows, nil
		}
		if err != nil {
			return rows, err
		}
		rows = append(rows, r)
	}
}

func readString(in string, kind Kind) ([]domain.NumberRow, error) {
	return readAll(NewRowReader(strings.NewReader(in), kind))
}

func TestRowReader(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		kind Kind
		want []domain.NumberRow
		err  domain.ErrorCode
		msg  string // part of the error's message
	}{
		{name: "header, comma", kind: CSV,
			in:   "number to port,receiving number,tracking source,account name\n+441134960000,+441614960000,Google,Acme\n",
			want: []domain.NumberRow{nr(2, "+441134960000", "+441614960000", "Google", "Acme")}},
		{name: "no header", kind: CSV,
			in:   "0113 496 0000,0161 496 0000\n0113 496 0001\n",
			want: []domain.NumberRow{nr(1, "0113 496 0000", "0161 496 0000"), nr(2, "0113 496 0001")}},
		{name: "header with digits", kind: CSV,
			in:   "Number (E.164),Receiving\n+12015550123,\n",
			want: []domain.NumberRow{nr(2, "+12015550123")}},
		{name: "header after blank lines", kind: CSV,
			in:   "\n \nPhone\n0113 496 0000\n",
			want: []domain.NumberRow{nr(4, "0113 496 0000")}},
		{name: "only the first row can be a header", kind: CSV,
			in:   "0113 496 0000\nnot a number\n",
			want: []domain.NumberRow{nr(1, "0113 496 0000"), nr(2, "not a number")}},
		{name: "tabs, CRLF, BOM", kind: CSV,
			in:   "\xEF\xBB\xBF01134960000\t01614960000\tRadio, breakfast\r\n01134960001\t\t\r\n",
			want: []domain.NumberRow{nr(1, "01134960000", "01614960000", "Radio, breakfast"), nr(2, "01134960001")}},
		{name: "delimiter from the first non-blank line", kind: CSV,
			in:   "\r\n\t\r\nnumber\treceiving\n0113 496 0000\t0161 496 0000\n",
			want: []domain.NumberRow{nr(4, "0113 496 0000", "0161 496 0000")}},
		{name: "comma wins a tie with tab", kind: CSV,
			in:   "0113 496 0000,Tab\there\n",
			want: []domain.NumberRow{nr(1, "0113 496 0000", "Tab\there")}},
		{name: "quoted comma and quote, blank lines", kind: CSV,
			in:   "\n\"0113 496 0000\",,\"Google, \"\"paid\"\"\"\n\n0113 496 0001\n",
			want: []domain.NumberRow{nr(2, "0113 496 0000", "", `Google, "paid"`), nr(4, "0113 496 0001")}},
		{name: "quoted line break keeps line numbers physical", kind: CSV,
			in:   "0113 496 0000,,\"two\nlines\"\n0113 496 0001\n",
			want: []domain.NumberRow{nr(1, "0113 496 0000", "", "two\nlines"), nr(3, "0113 496 0001")}},
		{name: "bare quote read lazily", kind: CSV,
			in:   "0113 \"496\" 0000\n",
			want: []domain.NumberRow{nr(1, `0113 "496" 0000`)}},
		{name: "cells trimmed, NBSP too", kind: CSV,
			in:   "  0113 496 0000 ,\u00A00161 496 0000\u00A0, Google ,  Acme  \n",
			want: []domain.NumberRow{nr(1, "0113 496 0000", "0161 496 0000", "Google", "Acme")}},
		{name: "extra columns ignored", kind: CSV,
			in:   "0113 496 0000,0161 496 0000,Google,Acme,extra,more\n",
			want: []domain.NumberRow{nr(1, "0113 496 0000", "0161 496 0000", "Google", "Acme")}},
		{name: "rows of empty cells skipped", kind: CSV,
			in:   "0113 496 0000\n,,,\n \t \n,,,,only in an extra column\n0113 496 0001",
			want: []domain.NumberRow{nr(1, "0113 496 0000"), nr(5, "0113 496 0001")}},
		{name: "first row without a number is data", kind: CSV,
			in:   ",0161 496 0000\n",
			want: []domain.NumberRow{nr(1, "", "0161 496 0000")}},
		{name: "header with an empty first cell", kind: CSV,
			in:   ",receiving\n0113 496 0000\n",
			want: []domain.NumberRow{nr(2, "0113 496 0000")}},
		{name: "CRs count towards a line", kind: CSV, in: strings.Repeat("\r", 5000) + "\n",
			err: domain.ErrInvalid, msg: "line 1 of the file is over 4096 characters"},
		{name: "many blank CRLF lines", kind: CSV, in: strings.Repeat("\r\n", 50_000) + "0113 496 0000\r\n",
			want: []domain.NumberRow{nr(50_001, "0113 496 0000")}},
		{name: "empty number kept for the checker", kind: CSV,
			in:   "0113 496 0000\n,0161 496 0000\n",
			want: []domain.NumberRow{nr(1, "0113 496 0000"), nr(2, "", "0161 496 0000")}},
		{name: "one column, no final newline", kind: CSV,
			in:   "+12015550123\n+12015550124",
			want: []domain.NumberRow{nr(1, "+12015550123"), nr(2, "+12015550124")}},
		{name: "empty file", kind: CSV, in: ""},
		{name: "BOM only", kind: CSV, in: "\xEF\xBB\xBF"},
		{name: "header only", kind: CSV, in: "number,receiving\n"},
		{name: "txt", kind: TXT,
			in:   "+1 201 555 0123\r\n\n  +1 201 555 0124  \n",
			want: []domain.NumberRow{nr(1, "+1 201 555 0123"), nr(3, "+1 201 555 0124")}},
		{name: "txt keeps commas and quotes", kind: TXT,
			in:   "\xEF\xBB\xBFPhone numbers\n\"0113 496 0000\",x\n",
			want: []domain.NumberRow{nr(2, `"0113 496 0000",x`)}},
		{name: "pdf", kind: CSV, in: "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n", err: domain.ErrUnsupportedContent, msg: "it is a PDF"},
		{name: "png", kind: TXT, in: "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", err: domain.ErrUnsupportedContent, msg: "PNG image"},
		{name: "xlsx", kind: CSV, in: "PK\x03\x04\x14\x00\x06\x00", err: domain.ErrUnsupportedContent, msg: "Excel workbook"},
		{name: "utf-16", kind: CSV, in: "\xFF\xFE0\x001\x00", err: domain.ErrUnsupportedContent, msg: "UTF-16"},
		{name: "NUL in the sniff", kind: CSV, in: "0113 496 0000\n0113\x00496\n", err: domain.ErrUnsupportedContent,
			msg: "the file is not a CSV or text file: line 2 has bytes that are not text"},
		{name: "latin-1", kind: CSV, in: "0113 496 0000,,Caf\xe9\n", err: domain.ErrUnsupportedContent,
			msg: "line 1 has bytes that are not text"},
		{name: "binary after the sniff", kind: CSV,
			in:   strings.Repeat("0113 496 0000\n", 400) + "\xff\xfe\n",
			want: rowsOf(400, "0113 496 0000"), err: domain.ErrUnsupportedContent, msg: "line 401 has bytes that are not text"},
		{name: "long line", kind: CSV, in: "0113 496 0000\n" + strings.Repeat("9", 5000) + "\n",
			want: []domain.NumberRow{nr(1, "0113 496 0000")}, err: domain.ErrInvalid, msg: "line 2 of the file is over 4096 characters"},
		{name: "long line at the start", kind: CSV, in: strings.Repeat("9,", 3000),
			err: domain.ErrInvalid, msg: "line 1 of the file is over 4096 characters"},
		{name: "long txt line", kind: TXT, in: "0113 496 0000\n0113 496 0001\n" + strings.Repeat("9", 5000),
			want: []domain.NumberRow{nr(1, "0113 496 0000"), nr(2, "0113 496 0001")}, err: domain.ErrInvalid, msg: "line 3 of the file is over 4096 characters"},
		{name: "line of exactly 4096 with CRLF", kind: TXT, in: strings.Repeat("9", maxLine) + "\r\n",
			want: []domain.NumberRow{nr(1, strings.Repeat("9", maxLine))}},
		{name: "quote never closed", kind: CSV,
			in:   "0113 496 0000\n\"0113 496 0001\n" + strings.Repeat("0113 496 0002\n", 3000),
			want: []domain.NumberRow{nr(1, "0113 496 0000")}, err: domain.ErrInvalid, msg: "the row after line 1 runs over"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rows, err := readString(tt.in, tt.kind)
			if domain.CodeOf(err) != tt.err || (err != nil && !strings.Contains(err.Error(), tt.msg)) {
				t.Fatalf("err = %v, want code %q with %q", err, tt.err, tt.msg)
			}
			if !slices.Equal(rows, tt.want) {
				t.Errorf("rows\n got %+v\nwant %+v", rows, tt.want)
			}
		})
	}
}

// nr is a row: its line, then its cells in column order.
func nr(line int, cells ...string) domain.NumberRow {
	cells = append(cells, "", "", "", "")
	return domain.NumberRow{Line: line, Number: cells[0], ReceivingNumber: cells[1], TrackingSource: cells[2], AccountName: cells[3]}
}

func rowsOf(n int, number string) []domain.NumberRow {
	rows := make([]domain.NumberRow, n)
	for i := range rows {
		rows[i] = domain.NumberRow{Line: i + 1, Number: number}
	}
	return rows
}

func TestRowReaderMaxRows(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	b.WriteString("number\n")
	for i := range MaxRows + 1 {
		fmt.Fprintf(&b, "+44113%07d\n", 2000000+i)
	}
	rr := NewRowReader(&b, CSV)
	rows, err := readAll(rr)
	if !domain.IsCode(err, domain.ErrTooLarge) || len(rows) != MaxRows {
		t.Fatalf("got %d rows, %v", len(rows), err)
	}
	if msg := domain.MessageOf(err); !strings.Contains(msg, "at most 100,000 rows") || !strings.Contains(msg, "line 100002") {
		t.Errorf("message %q", msg)
	}
	if rows[MaxRows-1].Line != MaxRows+1 {
		t.Errorf("last row on line %d", rows[MaxRows-1].Line)
	}
	if _, again := rr.Next(); again != err {
		t.Errorf("error not sticky: %v", again)
	}
}

// countingReader serves an endless file, counting what is read of it.
type countingReader struct {
	line []byte
	n    int
}

func (c *countingReader) Read(p []byte) (int, error) {
	i := copy(p, c.line[c.n%len(c.line):])
	c.n += i
	return i, nil
}

// The reader streams: it reads a few KiB ahead of the rows it returns, never the file.
func TestRowReaderStreams(t *testing.T) {
	t.Parallel()
	src := &countingReader{line: []byte("0113 496 0000,0161 496 0000,Google,Acme\n")}
	rr := NewRowReader(src, CSV)
	for range 10 {
		if _, err := rr.Next(); err != nil {
			t.Fatal(err)
		}
	}
	if src.n > 2*sniffSize {
		t.Errorf("read %d bytes for 10 rows", src.n)
	}

	// An open quote in an endless file is refused after a bounded read.
	src = &countingReader{line: []byte("\"0113 496 0000,x\n")}
	_, err := NewRowReader(src, CSV).Next()
	if !domain.IsCode(err, domain.ErrInvalid) || src.n > maxRecord+3*sniffSize {
		t.Errorf("open quote: %v after %d bytes", err, src.n)
	}
}

type failingReader struct{ err error }

func (f failingReader) Read([]byte) (int, error) { return 0, f.err }

// Errors reading the upload are passed on as they are, for the caller to answer.
func TestRowReaderPassesReadErrors(t *testing.T) {
	t.Parallel()
	cause := errors.New("http: request body too large")
	in := io.MultiReader(strings.NewReader(strings.Repeat("0113 496 0000\n", 1000)), failingReader{cause})
	rows, err := readAll(NewRowReader(in, CSV))
	if !errors.Is(err, cause) || len(rows) != 1000 {
		t.Fatalf("got %d rows, %v", len(rows), err)
	}
}

// TestRowReaderGolden keeps representative uploads' rows as reviewed JSON: one per file in
// testdata named upload*.csv or upload*.txt, with its rows in <name>.golden.json.
func TestRowReaderGolden(t *testing.T) {
	t.Parallel()
	files, _ := filepath.Glob(filepath.Join("testdata", "upload*.*"))
	n := 0
	for _, in := range files {
		kind, ok := map[string]Kind{".csv": CSV, ".txt": TXT}[filepath.Ext(in)]
		if !ok {
			continue
		}
		n++
		t.Run(filepath.Base(in), func(t *testing.T) {
			t.Parallel()
			f, err := os.Open(in)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			rows, err := readAll(NewRowReader(f, kind))
			if err != nil {
				t.Fatal(err)
			}
			got, _ := json.MarshalIndent(rows, "", "  ")
			golden := in + ".golden.json"
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
				t.Errorf("rows differ from %s (check, then run go test -update):\n%s", golden, got)
			}
		})
	}
	if n == 0 {
		t.Fatal("no golden inputs in testdata")
	}
}

func FuzzRowReader(f *testing.F) {
	f.Add([]byte("number,receiving\n+441134960000,+441614960000\n"), false)
	f.Add([]byte("\xEF\xBB\xBF0113\t0161\tx\tAcme\r\n\"a,b\"\n"), false)
	f.Add([]byte("+12015550123\n\n+12015550124"), true)
	f.Add([]byte("\"unterminated\n1,2"), false)
	f.Add([]byte("1,\"two\nlines\",3\r\n\r\n4"), false)
	f.Add([]byte("%PDF-1.4\n"), false)
	f.Add([]byte("1\n\xff"), true)
	f.Fuzz(func(t *testing.T, in []byte, txt bool) {
		kind := CSV
		if txt {
			kind = TXT
		}
		rr := NewRowReader(bytes.NewReader(in), kind)
		lines := bytes.Count(in, []byte{'\n'}) + 1
		last := 0
		for i := 0; ; i++ {
			if i > lines {
				t.Fatal("more rows than lines: the reader does not terminate")
			}
			r, err := rr.Next()
			if err != nil {
				if !errors.Is(err, io.EOF) && domain.CodeOf(err) == domain.ErrInternal {
					t.Fatalf("unclassified error %v", err)
				}
				if _, again := rr.Next(); again != err {
					t.Fatalf("error not sticky: %v then %v", err, again)
				}
				return
			}
			if r.Line <= last || r.Line > lines {
				t.Fatalf("row on line %d after line %d, of %d", r.Line, last, lines)
			}
			last = r.Line
			if r.Number == "" && r.ReceivingNumber == "" && r.TrackingSource == "" && r.AccountName == "" {
				t.Fatalf("blank row returned: %+v", r)
			}
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
		n := 0
		for {
			_, err := rr.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		if n != 100_000 {
			b.Fatalf("%d rows", n)
		}
	}
}
