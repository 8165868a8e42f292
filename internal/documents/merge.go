package documents

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/pdfcpu/pdfcpu/pkg/api"
)

// Part is one document to merge: a PDF, or a JPEG or PNG image (a letter scanned as a
// photo), which becomes a page of its own.
type Part struct {
	ContentType string
	Data        []byte
}

// MergePDF makes one PDF of the parts, in order, every page of each: a carrier that takes
// one letter of authorisation per order is sent every letter the order carries. The parts
// passed the upload checks (or were made by us), so they are read as they are.
func MergePDF(parts []Part) (_ []byte, err error) {
	defer func() {
		if r := recover(); r != nil { // a parser bug must not take the job runner down
			err = fmt.Errorf("merge the letters: %v", r)
		}
	}()
	conf := pdfConfig(DefaultMaxInflated)
	rs := make([]io.ReadSeeker, 0, len(parts))
	for i, p := range parts {
		data := p.Data
		if strings.HasPrefix(p.ContentType, "image/") {
			var b bytes.Buffer
			if err := api.ImportImages(nil, &b, []io.Reader{bytes.NewReader(data)}, nil, conf); err != nil {
				return nil, fmt.Errorf("letter %d (an image) as a PDF page: %w", i+1, err)
			}
			data = b.Bytes()
		}
		rs = append(rs, bytes.NewReader(data))
	}
	var out bytes.Buffer
	if err := api.MergeRaw(rs, &out, false, conf); err != nil {
		return nil, fmt.Errorf("merge %d letters into one PDF: %w", len(parts), err)
	}
	return out.Bytes(), nil
}

// PageCount is how many pages a PDF has.
func PageCount(data []byte) (int, error) {
	return api.PageCount(bytes.NewReader(data), pdfConfig(DefaultMaxInflated))
}
