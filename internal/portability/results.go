package portability

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"

	"github.com/portdesk/portdesk/internal/csvout"
	"github.com/portdesk/portdesk/internal/domain"
)

// Format is how check results are written out.
type Format string

const (
	FormatCSV    Format = "csv"    // a header, then a row a number (CSVHeader, CSVRow)
	FormatJSON   Format = "json"   // one array
	FormatNDJSON Format = "ndjson" // one object a line
)

// ResultWriter writes checks one at a time, however many there are: memory stays that of one
// check. The API streams with it and the command line writes files with it.
type ResultWriter struct {
	w       io.Writer
	format  Format
	csv     *csvout.Writer
	started bool
	n       int
}

// NewResultWriter writes results to w in format; Close ends the file.
func NewResultWriter(w io.Writer, format Format) (*ResultWriter, error) {
	rw := &ResultWriter{w: w, format: format}
	switch format {
	case FormatCSV:
		rw.csv = csvout.NewWriter(w)
	case FormatJSON, FormatNDJSON:
	default:
		return nil, fmt.Errorf("unknown result format %q: csv, json or ndjson", format)
	}
	return rw, nil
}

// Count is how many results were written.
func (rw *ResultWriter) Count() int { return rw.n }

// Start writes what comes before the first result (CSV's header, JSON's bracket), once.
func (rw *ResultWriter) Start() error {
	if rw.started {
		return nil
	}
	rw.started = true
	switch rw.format {
	case FormatCSV:
		return rw.csv.Write(CSVHeader)
	case FormatJSON:
		_, err := io.WriteString(rw.w, "[")
		return err
	}
	return nil
}

// Write writes one result.
func (rw *ResultWriter) Write(c domain.Check) error {
	if err := rw.Start(); err != nil {
		return err
	}
	rw.n++
	if rw.format == FormatCSV {
		return rw.csv.Write(CSVRow(c))
	}
	b, err := json.Marshal(c)
	if err != nil {
		return err
	}
	switch {
	case rw.format == FormatNDJSON:
		b = append(b, '\n')
	case rw.n == 1:
		b = append([]byte("\n"), b...)
	default:
		b = append([]byte(",\n"), b...)
	}
	_, err = rw.w.Write(b)
	return err
}

// Stopped says in the results themselves, in their format, that the check stopped after
// the results written, and why: a stream whose status was already sent has no other way.
func (rw *ResultWriter) Stopped(why string) error {
	after := rw.n
	switch rw.format {
	case FormatCSV:
		return rw.csv.Write([]string{"#error", why, strconv.Itoa(after)})
	case FormatJSON:
		// A JSON array cannot say it; the caller reports the error its own way.
		return nil
	}
	b, err := json.Marshal(map[string]any{"error": why, "after": after})
	if err != nil {
		return err
	}
	_, err = rw.w.Write(append(b, '\n'))
	return err
}

// Close writes what comes after the last result and flushes.
func (rw *ResultWriter) Close() error {
	if err := rw.Start(); err != nil {
		return err
	}
	switch rw.format {
	case FormatCSV:
		return rw.csv.Flush()
	case FormatJSON:
		end := "\n]\n"
		if rw.n == 0 {
			end = "]\n"
		}
		_, err := io.WriteString(rw.w, end)
		return err
	}
	return nil
}

// Format is the format the writer writes.
func (rw *ResultWriter) Format() Format { return rw.format }
