// Package csvout writes the CSV files PortDesk hands out (statements, portability checks,
// carriers' order lists) so that a spreadsheet opens them safely: RFC 4180 with CRLF line
// ends, and no cell a spreadsheet would run as a formula (CSV injection).
package csvout

import (
	"encoding/csv"
	"io"
	"regexp"
	"strings"
)

// Writer writes rows of cells, each made safe.
type Writer struct{ w *csv.Writer }

// NewWriter writes to w; call Flush at the end.
func NewWriter(w io.Writer) *Writer {
	cw := csv.NewWriter(w)
	cw.UseCRLF = true // RFC 4180's line ends
	return &Writer{w: cw}
}

// Write writes one row, each cell through Safe.
func (w *Writer) Write(row []string) error {
	safe := make([]string, len(row))
	for i, c := range row {
		safe[i] = Safe(c)
	}
	return w.w.Write(safe)
}

// Flush writes what is buffered and says whether anything failed.
func (w *Writer) Flush() error {
	w.w.Flush()
	return w.w.Error()
}

// number is a plain number: an amount ("-15.00") or a phone number in E.164
// ("+441134960000"). A spreadsheet reads it as a number, never as a formula.
var number = regexp.MustCompile(`^[+-]?[0-9]+(\.[0-9]+)?$`)

// Safe keeps a spreadsheet from running a cell as a formula: a cell beginning with = + - @
// (or a tab or carriage return, which some read past) gets a leading apostrophe, unless it
// is a plain number.
func Safe(cell string) string {
	if cell == "" || !strings.ContainsRune("=+-@\t\r", rune(cell[0])) || number.MatchString(cell) {
		return cell
	}
	return "'" + cell
}
