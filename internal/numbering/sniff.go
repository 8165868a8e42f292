package numbering

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/portdesk/portdesk/internal/domain"
)

// sniffSize is how much of a file is looked at before the first row, to refuse a binary
// file with one clear message instead of a row of garbage.
const sniffSize = 4096

var bom = []byte("\xEF\xBB\xBF")

// signatures are the files customers upload by mistake, with what to tell them.
var signatures = []struct {
	magic string
	what  string
}{
	{"PK\x03\x04", "it is a zip archive or an Excel workbook (.xlsx): save the sheet as CSV (UTF-8) and upload that"},
	{"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", "it is an old Excel or Word file (.xls, .doc): save the sheet as CSV (UTF-8) and upload that"},
	{"%PDF-", "it is a PDF: upload the numbers as a .csv or .txt file"},
	{"\x89PNG\r\n\x1A\n", "it is a PNG image: upload the numbers as a .csv or .txt file"},
	{"\xFF\xD8\xFF", "it is a JPEG image: upload the numbers as a .csv or .txt file"},
	{"GIF8", "it is a GIF image: upload the numbers as a .csv or .txt file"},
	{"\xFF\xFE", "it is saved as UTF-16: save it as CSV UTF-8 or plain UTF-8 text"},
	{"\xFE\xFF", "it is saved as UTF-16: save it as CSV UTF-8 or plain UTF-8 text"},
}

func notText(detail string) error {
	return &domain.Error{Code: domain.ErrUnsupportedContent,
		Message: "the file is not a CSV or text file: " + detail}
}

// badBytes is the error for a line that is not UTF-8 text.
func badBytes(line int) error {
	return notText(fmt.Sprintf("line %d has bytes that are not text; upload a .csv or .txt file saved as UTF-8", line))
}

// sniff refuses head, the start of a file without its BOM, when it is a known binary format
// or holds bytes that are not text. atEOF says head is the whole file; otherwise its last
// character may have been cut in two.
func sniff(head []byte, atEOF bool) error {
	for _, s := range signatures {
		if bytes.HasPrefix(head, []byte(s.magic)) {
			return notText(s.what)
		}
	}
	bad := bytes.IndexByte(head, 0)
	if bad < 0 {
		bad = invalidUTF8(head, atEOF)
	}
	if bad >= 0 {
		return badBytes(1 + bytes.Count(head[:bad], []byte{'\n'}))
	}
	return nil
}

// invalidUTF8 returns the offset of the first byte of b that is not UTF-8, or -1. A
// character cut at the end of b is not counted unless atEOF.
func invalidUTF8(b []byte, atEOF bool) int {
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			if !atEOF && !utf8.FullRune(b[i:]) {
				return -1
			}
			return i
		}
		i += size
	}
	return -1
}

// isText reports whether a cell is text: UTF-8 without NUL bytes.
func isText(s string) bool {
	return strings.IndexByte(s, 0) < 0 && utf8.ValidString(s)
}
