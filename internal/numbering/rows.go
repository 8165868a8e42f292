package numbering

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/portdesk/portdesk/internal/domain"
)

// Kind is the format of an uploaded number list. There is no auto-detection: the caller
// knows it from the file name or Content-Type, and a one-column CSV reads a plain list of
// numbers the same way anyway.
type Kind int

const (
	// CSV has the seed's columns: number to port, receiving number, tracking source,
	// account name. Comma or tab separated (whichever the first non-blank line has more
	// of), quoted per RFC 4180, header row optional; columns past the fourth are ignored.
	CSV Kind = iota
	// TXT is one number per line: the whole trimmed line is the number. As in a CSV, a
	// first line without digits ("Numbers to port") is a header and skipped.
	TXT
)

// columns is how many columns a CSV row has that PortDesk reads.
const columns = 4

// MaxRows is the most data rows one upload may carry (a request holds 100,000 numbers).
const MaxRows = 100_000

// maxLine bounds one physical line, so that a file without line breaks cannot make the
// reader buffer it whole.
const maxLine = 4096

// maxRecord bounds one CSV record over all its lines: a quote left open would otherwise
// make encoding/csv gather the rest of the file into one field.
const maxRecord = 4 * maxLine

// RowReader streams the rows of an uploaded list in constant memory: a 4 KiB buffer and
// the current row. It implements domain.RowSource; its errors are sticky.
type RowReader struct {
	kind    Kind
	src     *limitReader
	br      *bufio.Reader
	csv     *csv.Reader
	txt     *bufio.Scanner
	txtLine int   // TXT: physical lines read
	txtRead int64 // TXT: bytes the lines read took
	size    int64 // the list's size in bytes, when told (Sized)
	last    int   // line of the last row returned, or of the header
	rows    int   // data rows returned
	maxRows int
	seen    bool
	started bool
	err     error
}

var _ domain.RowSource = (*RowReader)(nil)

// NewRowReader reads a list of the given kind from r. Nothing is read until the first Next.
func NewRowReader(r io.Reader, kind Kind) *RowReader {
	src := &limitReader{r: r, line: 1}
	return &RowReader{kind: kind, src: src, br: bufio.NewReaderSize(src, sniffSize), maxRows: MaxRows}
}

// Sized tells the reader the list's size in bytes (a body's Content-Length, a form field's
// length), from which it estimates how many rows it holds (RowsHint). A size of 0 or less
// is unknown.
func (rr *RowReader) Sized(n int64) *RowReader {
	rr.size = n
	return rr
}

// RowsHint estimates how many data rows the whole list holds from the size it was told and
// the bytes the rows read so far took, 5% over (a little room to spare costs less than
// growing past the end); 0 when it cannot tell. An estimate only: a list may have a long
// header or uneven rows, and never more than the most it takes.
func (rr *RowReader) RowsHint() int {
	var read int64
	switch {
	case rr.txt != nil:
		read = rr.txtRead
	case rr.csv != nil:
		read = rr.csv.InputOffset()
	}
	if rr.size <= 0 || rr.rows == 0 || read <= 0 {
		return 0
	}
	// In floating point: a body's size is the client's word, and rows times a size claimed
	// near the largest int64 would wrap around.
	return int(min(float64(rr.rows)*float64(rr.size)/float64(read)*1.05, float64(rr.maxRows)))
}

// SetMaxRows changes how many data rows the reader takes (portability checks stream up to a
// million; a request holds MaxRows).
func (rr *RowReader) SetMaxRows(n int) { rr.maxRows = n }

// Next returns the next data row, io.EOF after the last. An error about the file's content
// is a *domain.Error (ErrUnsupportedContent for a file that is not text, ErrTooLarge past
// MaxRows, ErrInvalid otherwise); an error reading r is returned as it is, so that the
// caller can answer it properly (a body over its size limit, a dropped connection).
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

// start sniffs the beginning of the file: refuses binary content, drops a UTF-8 BOM and
// picks the delimiter from the first non-blank line.
func (rr *RowReader) start() error {
	head, err := rr.br.Peek(sniffSize)
	atEOF := errors.Is(err, io.EOF)
	if err != nil && !atEOF {
		return readErr(err)
	}
	if bytes.HasPrefix(head, bom) {
		_, _ = rr.br.Discard(len(bom))
		head = head[len(bom):]
	}
	if err := sniff(head, atEOF); err != nil {
		return err
	}
	if rr.kind == TXT {
		rr.txt = bufio.NewScanner(rr.br)
		rr.txt.Split(func(data []byte, atEOF bool) (int, []byte, error) {
			n, line, err := bufio.ScanLines(data, atEOF)
			rr.txtRead += int64(n) // a line's CR and LF too, which its text leaves out
			return n, line, err
		})
		rr.txt.Buffer(make([]byte, 0, 256), maxLine+2)
		return nil
	}
	rr.csv = csv.NewReader(rr.br)
	rr.csv.FieldsPerRecord = -1
	rr.csv.LazyQuotes = true
	rr.csv.ReuseRecord = true
	// Tabs win when they outnumber commas: a tab-separated export may still have a comma
	// in a tracking source or an account name ("Radio, breakfast").
	if first := firstLine(head); bytes.Count(first, []byte{'\t'}) > bytes.Count(first, []byte{','}) {
		rr.csv.Comma = '\t'
	}
	return nil
}

// firstLine is the first line of head with something other than whitespace on it.
func firstLine(head []byte) []byte {
	for len(head) > 0 {
		line := head
		if i := bytes.IndexByte(head, '\n'); i >= 0 {
			line, head = head[:i], head[i+1:]
		} else {
			head = nil
		}
		if len(bytes.TrimSpace(line)) > 0 {
			return line
		}
	}
	return nil
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
		rr.src.since = 0
		blank := true
		for i, c := range cells {
			if !isText(c) {
				return domain.NumberRow{}, badBytes(line)
			}
			cells[i] = trim(c)
			blank = blank && (cells[i] == "" || i >= columns) // extra columns do not count
		}
		if blank {
			continue
		}
		first := !rr.seen
		rr.seen = true
		rr.last = line
		if first && isHeader(cells) {
			continue
		}
		if rr.rows == rr.maxRows {
			return domain.NumberRow{}, domain.Errorf(domain.ErrTooLarge,
				"this list holds at most %s rows and line %d is row %d: split the file", thousands(rr.maxRows), line, rr.maxRows+1)
		}
		rr.rows++
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
		if !rr.txt.Scan() {
			if err := rr.txt.Err(); err != nil {
				return nil, 0, rr.readErr(err)
			}
			return nil, 0, io.EOF
		}
		if rr.src.err != nil {
			// The scanner hands out what it had when the limit was hit: the long line's
			// start among it. Refuse at once.
			return nil, 0, rr.readErr(rr.src.err)
		}
		rr.txtLine++
		return []string{rr.txt.Text()}, rr.txtLine, nil
	}
	rec, err := rr.csv.Read()
	if err != nil {
		var perr *csv.ParseError
		if errors.As(err, &perr) && perr.Err != nil && !errors.Is(perr.Err, errLineTooLong) && !errors.Is(perr.Err, errRecordTooLong) {
			return nil, 0, domain.Errorf(domain.ErrInvalid, "line %d cannot be read as CSV: %v", perr.Line, perr.Err)
		}
		return nil, 0, rr.readErr(err)
	}
	line, _ := rr.csv.FieldPos(0)
	return rec, line, nil
}

// knownHeaders are how a header's first cell starts, for headers that have digits in them
// ("Number (E.164)", "Phone 1").
var knownHeaders = []string{"number", "phone", "telephone", "tel", "did", "ddi", "cli", "mobile", "e.164", "e164"}

// isHeader tells a header from data by the first non-blank row: a number has digits, a
// header's first cell has none or starts with a known word. A row without a number to port
// is data when another cell has digits, so that the customer hears it lacks one.
func isHeader(cells []string) bool {
	first := cells[0]
	if first == "" {
		return !slices.ContainsFunc(cells, hasDigit)
	}
	if !hasDigit(first) {
		return true
	}
	lower := strings.ToLower(first)
	for _, h := range knownHeaders {
		if strings.HasPrefix(lower, h) {
			return true
		}
	}
	return false
}

func hasDigit(s string) bool { return strings.ContainsAny(s, "0123456789") }

// readErr turns the limit reader's errors into messages; any other error is passed on.
func (rr *RowReader) readErr(err error) error {
	switch {
	case errors.Is(err, errLineTooLong), errors.Is(err, bufio.ErrTooLong):
		return domain.Errorf(domain.ErrInvalid,
			"line %d of the file is over %d characters: it does not look like a list of numbers", rr.src.line, maxLine)
	case errors.Is(err, errRecordTooLong):
		return domain.Errorf(domain.ErrInvalid,
			"the row after line %d runs over %d characters: check for a quote (\") that is never closed", rr.last, maxRecord)
	case errors.Is(err, io.EOF):
		return io.EOF
	}
	return err
}

// readErr is for the errors seen before a RowReader has rows.
func readErr(err error) error {
	if errors.Is(err, errLineTooLong) {
		return domain.Errorf(domain.ErrInvalid,
			"line 1 of the file is over %d characters: it does not look like a list of numbers", maxLine)
	}
	return err
}

var (
	errLineTooLong   = errors.New("line too long")
	errRecordTooLong = errors.New("record too long")
)

// limitReader fails a read once a line runs past maxLine bytes, or once more than
// maxRecord bytes other than line breaks arrive without a row being taken (since is reset
// by the RowReader), and knows on which line it stopped. Checking below the bufio.Reader
// keeps encoding/csv and bufio.Scanner from ever holding more.
type limitReader struct {
	r     io.Reader
	run   int // bytes on the current line
	since int // bytes since the last row was taken
	line  int
	err   error
}

func (l *limitReader) Read(p []byte) (int, error) {
	if l.err != nil {
		return 0, l.err
	}
	n, err := l.r.Read(p)
	for i, c := range p[:n] {
		if c == '\n' {
			l.run = 0
			l.line++
			continue
		}
		l.run++
		if c != '\r' { // blank CRLF lines that encoding/csv skips must not add up
			l.since++
		}
		if l.run > maxLine+1 { // +1: the CR of a CRLF
			l.err = errLineTooLong
		} else if l.since > maxRecord+sniffSize { // the bufio.Reader reads ahead up to sniffSize
			l.err = errRecordTooLong
		}
		if l.err != nil {
			return i, l.err
		}
	}
	return n, err
}

// thousands writes n with comma separators, as people read counts.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
