package ranges

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
)

// format is a register's file layout, recognised by its header.
type format struct {
	source Source
	// column names, matched case-insensitively after trimming
	prefix, block, npa, nxx, status, holder, area string
	comma                                         rune
}

// detect reads the header and says which register wrote the file.
func detect(header []string, comma rune) (format, map[string]int, error) {
	cols := map[string]int{}
	for i, h := range header {
		cols[strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\uFEFF")))] = i
	}
	has := func(name string) bool { _, ok := cols[name]; return ok }
	switch {
	case has("nms number block: number block") && has("block status"):
		return format{source: SourceOfcom, prefix: "nms number block: number block", status: "block status", holder: "cp name", comma: comma}, cols, nil
	case has("npa-nxx") && (has("x") || has("block") || has("thousands block")):
		f := format{source: SourceNANPABlock, prefix: "npa-nxx", status: "in service", holder: "company", area: "ratecenter", comma: comma}
		for _, b := range []string{"x", "block", "thousands block"} {
			if has(b) {
				f.block = b
			}
		}
		return f, cols, nil
	case has("npa-nxx") && has("company"):
		return format{source: SourceNANPA, prefix: "npa-nxx", status: "in service", holder: "company", area: "ratecenter", comma: comma}, cols, nil
	case has("npa") && (has("co code (nxx)") || has("co code")) && has("status"):
		f := format{source: SourceCNAC, npa: "npa", nxx: "co code (nxx)", status: "status", holder: "company", area: "exchange area", comma: comma}
		if !has(f.nxx) {
			f.nxx = "co code"
		}
		return f, cols, nil
	}
	return format{}, nil, fmt.Errorf("unrecognised header %q: expected an Ofcom number-range file, a NANPA central-office or thousands-block file, or CNAC's COCodeStatus_ALL.csv", strings.Join(header, ","))
}

// Read streams the blocks of one register file to fn, in file order.
func Read(r io.Reader, fn func(Block) error) (Source, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	head, _ := br.Peek(4096)
	head = bytes.TrimPrefix(head, []byte("\xEF\xBB\xBF"))
	comma := ','
	if first, _, _ := bytes.Cut(head, []byte("\n")); bytes.Count(first, []byte("\t")) > bytes.Count(first, []byte(",")) {
		comma = '\t'
	}
	cr := csv.NewReader(br)
	cr.Comma = comma
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		return "", fmt.Errorf("reading the header: %w", err)
	}
	f, cols, err := detect(append([]string(nil), header...), comma)
	if err != nil {
		return "", err
	}
	cell := func(rec []string, name string) string {
		i, ok := cols[name]
		if !ok || name == "" || i >= len(rec) {
			return ""
		}
		return strings.TrimSpace(rec[i])
	}
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return f.source, nil
		}
		if err != nil {
			return f.source, fmt.Errorf("line %d: %w", line, err)
		}
		b := Block{Source: f.source, Status: cell(rec, f.status), Holder: cell(rec, f.holder), Area: cell(rec, f.area)}
		switch f.source {
		case SourceOfcom:
			b.Prefix = "44" + digits(cell(rec, f.prefix))
		case SourceNANPA:
			b.Prefix = "1" + digits(cell(rec, f.prefix))
			b.Status = nanpaStatus(b.Status, b.Holder)
		case SourceNANPABlock:
			b.Prefix = "1" + digits(cell(rec, f.prefix)) + digits(cell(rec, f.block))
			b.Status = nanpaStatus(b.Status, b.Holder)
		case SourceCNAC:
			b.Prefix = "1" + digits(cell(rec, f.npa)) + digits(cell(rec, f.nxx))
		}
		if !validPrefix(f.source, b.Prefix) {
			return f.source, fmt.Errorf("line %d: %q is not a number block of a %s file", line, strings.Join(rec, string(comma)), f.source)
		}
		if err := fn(b); err != nil {
			return f.source, err
		}
	}
}

// nanpaStatus turns NANPA's In Service flag into the status the rest of PortDesk reads.
func nanpaStatus(inService, company string) string {
	switch strings.ToUpper(inService) {
	case "Y", "YES", "TRUE":
		return "Allocated"
	case "N", "NO", "FALSE":
		return "Not in service"
	}
	if company != "" {
		return "Allocated"
	}
	return "Available"
}

func validPrefix(src Source, p string) bool {
	switch src {
	case SourceOfcom:
		return len(p) >= 5 && len(p) <= 12 // 44 + 3 to 10 national digits
	case SourceNANPA, SourceCNAC:
		return len(p) == 7 // 1 + NPA + NXX
	case SourceNANPABlock:
		return len(p) == 8
	}
	return false
}
