package numbering

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/portdesk/portdesk/domain"
)

// Kind is the format of an uploaded number list.
type Kind int

const (
	// CSV has the seed's columns: number to port, receiving number, tracking source,
	// account name; comma or tab separated, header optional.
	CSV Kind = iota
	// TXT is one number per line.
	TXT
)

// MaxRows is the most data rows one upload may carry.
const MaxRows = 100_000

// maxLine bounds one line, so a file without line breaks cannot make the reader buffer it
// whole.
const maxLine = 4096

// sniffSize is how much of the file is looked at up front to refuse binary files at once.
const sniffSize = 4096

// RowReader streams rows out of an uploaded list in constant memory per row.
type RowReader struct {
	kind    Kind
	br      *bufio.Reader
	limit   *lineLimit
	csv     *csv.Reader
	lines   *bufio.Scanner
	line    int // TXT: physical line number
	rows    int
	started bool
	err     error // sticky
}

// NewRowReader reads a CSV or TXT list from r.
func NewRowReader(r io.Reader, kind Kind) *RowReader {
	lim := &lineLimit{r: r, line: 1}
	return &RowReader{kind: kind, limit: lim, br: bufio.NewReaderSize(lim, sniffSize)}
}

func notText(detail string) error {
	return &domain.Error{Code: domain.ErrUnsupportedContent,
		Message: "the file is not a CSV or text file of numbers: " + detail + ". Upload a .csv or .txt file saved as UTF-8."}
}

// start sniffs the beginning of the file: refuses binary content, drops a UTF-8 BOM and
// picks the delimiter from the first line.
func (rr *RowReader) start() error {
	head, err := rr.br.Peek(sniffSize)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return readErr(err)
	}
	if bytes.HasPrefix(head, []byte("\xEF\xBB\xBF")) {
		_, _ = rr.br.Discard(3)
		head = head[3:]
	}
	if err := checkText(head, len(head) == sniffSize); err != nil {
		return err
	}
	if rr.kind == TXT {
		rr.lines = bufio.NewScanner(rr.br)
		rr.lines.Buffer(make([]byte, 0, 256), maxLine+2)
		return nil
	}
	first := head
	if i := bytes.IndexByte(first, '\n'); i >= 0 {
		first = first[:i]
	}
	rr.csv = csv.NewReader(rr.br)
	rr.csv.FieldsPerRecord = -1
	rr.csv.LazyQuotes = true
	rr.csv.ReuseRecord = true
	if bytes.IndexByte(first, '\t') >= 0 && bytes.IndexByte(first, ',') < 0 {
		rr.csv.Comma = '\t'
	}
	return nil
}

// checkText refuses content with NUL bytes or invalid UTF-8 (PDFs, images, spreadsheets).
// truncated says b may end inside a multi-byte character.
func checkText(b []byte, truncated bool) error {
	if bytes.IndexByte(b, 0) >= 0 {
		return notText("it contains binary data")
	}
	if truncated {
		for i := 0; i < utf8.UTFMax && len(b) > 0 && !utf8.Valid(b); i++ {
			b = b[:len(b)-1]
		}
	}
	if !utf8.Valid(b) {
		return notText("it has bytes that are not UTF-8 text")
	}
	return nil
}

// Next returns the next data row; io.EOF after the last.
func (rr *RowReader) Next() (domain.NumberRow, error) {
	if rr.err != nil {
		return domain.NumberRow{}, rr.err
	}
	row, err := rr.next()
	if err != nil {
		rr.err = err
	}
	return row, err
}

func (rr *RowReader) next() (domain.NumberRow, error) {
	if !rr.started {
		rr.started = true
		if err := rr.start(); err != nil {
			return domain.NumberRow{}, err
		}
	}
	for {
		cells, line, err := rr.record()
		if err != nil {
			return domain.NumberRow{}, err
		}
		for i, c := range cells {
			if !utf8.ValidString(c) || strings.IndexByte(c, 0) >= 0 {
				return domain.NumberRow{}, notText(fmt.Sprintf("line %d has bytes that are not text", line))
			}
			cells[i] = strings.TrimSpace(c)
		}
		if len(cells) == 0 || strings.Join(cells, "") == "" {
			continue // blank line
		}
		if rr.rows == 0 && rr.kind == CSV && isHeader(cells[0]) {
			rr.rows = -1 // header seen; never test again
			continue
		}
		if rr.rows < 0 {
			rr.rows = 0
		}
		rr.rows++
		if rr.rows > MaxRows {
			return domain.NumberRow{}, &domain.Error{Code: domain.ErrTooLarge,
				Message: fmt.Sprintf("an upload holds at most %d rows: split the file", MaxRows)}
		}
		row := domain.NumberRow{Line: line, Number: cells[0]}
		if len(cells) > 1 {
			row.ReceivingNumber = cells[1]
		}
		if len(cells) > 2 {
			row.TrackingSource = cells[2]
		}
		if len(cells) > 3 {
			row.AccountName = cells[3]
		}
		return row, nil
	}
}

// record reads one record and the physical line it starts on.
func (rr *RowReader) record() ([]string, int, error) {
	if rr.kind == TXT {
		if !rr.lines.Scan() {
			if err := rr.lines.Err(); err != nil {
				if errors.Is(err, bufio.ErrTooLong) || errors.Is(err, errLineTooLong) {
					return nil, 0, lineTooLong(rr.limit.line)
				}
				return nil, 0, readErr(err)
			}
			return nil, 0, io.EOF
		}
		if rr.limit.hit {
			// The scanner hands out what it had before the read failed: refuse it.
			return nil, 0, lineTooLong(rr.limit.line)
		}
		rr.line++
		return []string{strings.TrimRight(rr.lines.Text(), "\r")}, rr.line, nil
	}
	rec, err := rr.csv.Read()
	if err != nil {
		var perr *csv.ParseError
		switch {
		case errors.Is(err, io.EOF):
			return nil, 0, io.EOF
		case errors.Is(err, errLineTooLong):
			return nil, 0, lineTooLong(rr.limit.line)
		case errors.As(err, &perr):
			return nil, 0, &domain.Error{Code: domain.ErrInvalid, Message: fmt.Sprintf("line %d of the file cannot be read: %v", perr.Line, perr.Err)}
		}
		return nil, 0, readErr(err)
	}
	line, _ := rr.csv.FieldPos(0)
	return rec, line, nil
}

// isHeader tells a header row from data: a header's first cell has no digits.
func isHeader(first string) bool {
	return !strings.ContainsAny(first, "0123456789")
}

func lineTooLong(line int) error {
	return &domain.Error{Code: domain.ErrInvalid,
		Message: fmt.Sprintf("line %d of the file is over %d characters: is it really a list of numbers?", line, maxLine)}
}

// readErr passes on errors that are not about the file's content (a body over the size
// limit, a dropped connection) so that the caller can answer them properly.
func readErr(err error) error {
	if errors.Is(err, errLineTooLong) {
		return lineTooLong(1)
	}
	return err
}

var errLineTooLong = errors.New("line too long")

// lineLimit fails a read once a line runs past maxLine bytes, and knows on which line.
type lineLimit struct {
	r    io.Reader
	run  int
	line int
	hit  bool
}

func (l *lineLimit) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	for i, c := range p[:n] {
		if c == '\n' {
			l.run = 0
			l.line++
			continue
		}
		l.run++
		if l.run > maxLine {
			l.hit = true
			return i, errLineTooLong
		}
	}
	return n, err
}
