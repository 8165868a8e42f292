package documents_test

import (
	"bytes"
	"compress/zlib"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/portdesk/portdesk/internal/documents"
	"github.com/portdesk/portdesk/internal/domain"
)

// pdfOf writes a one-page PDF whose catalog and page carry extra entries and whose objects
// from 6 on are extra. Object 4 is the page's content stream, given raw with its filters.
func pdfOf(catalogExtra, pageExtra string, content []byte, filters string, extra ...string) []byte {
	if content == nil {
		content = []byte("BT /F1 14 Tf 72 720 Td (A bill) Tj ET")
	}
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R " + catalogExtra + " >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> " + pageExtra + " >>",
		fmt.Sprintf("<< /Length %d %s >>\nstream\n%s\nendstream", len(content), filters, content),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
	}
	objs = append(objs, extra...)
	var b bytes.Buffer
	b.WriteString("%PDF-1.7\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}

// deflated compresses n zero bytes, layers times over, without holding the n bytes.
func deflated(t testing.TB, n int64, layers int) []byte {
	var r io.Reader = io.LimitReader(zeros{}, n)
	var out []byte
	for range layers {
		var b bytes.Buffer
		w, _ := zlib.NewWriterLevel(&b, zlib.BestCompression)
		if _, err := io.Copy(w, r); err != nil {
			t.Fatal(err)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		out = b.Bytes()
		r = bytes.NewReader(out)
	}
	return out
}

type zeros struct{}

var update = flag.Bool("update", false, "rewrite testdata/gib_of_zeros.zz2, the flate bomb")

// gibOfZeros is a GiB of zeros deflated twice, as kept in testdata: deflating a GiB took
// the race detector over a minute, so it is made once, with -update.
func gibOfZeros(t testing.TB) []byte {
	path := filepath.Join("testdata", "gib_of_zeros.zz2")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, deflated(t, 1<<30, 2), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// Documents go to carriers' staff, who open them: a PDF that would run something, fetch
// something or carry other files is refused with a 422 on the file field, however its names
// are spelt.
func TestSecurityHostilePDFActions(t *testing.T) {
	t.Parallel()
	const ok = ""
	small := deflated(t, 4<<10, 1)
	tests := []struct {
		name string
		pdf  []byte
		want string // in the message; ok means accepted
	}{
		{"plain", pdfOf("", "", nil, ""), ok},
		{"compressed content", pdfOf("", "", small, "/Filter /FlateDecode"), ok},
		{"open at a page", pdfOf("/OpenAction [3 0 R /Fit]", "", nil, ""), ok},
		{"a link to a web page", pdfOf("", "/Annots [<< /Type /Annot /Subtype /Link /Rect [0 0 10 10] /A << /S /URI /URI (https://example.com/) >> >>]", nil, ""), ok},
		{"JavaScript on open", pdfOf("/OpenAction << /S /JavaScript /JS (app.alert(1)) >>", "", nil, ""), "JavaScript"},
		{"name escapes", pdfOf("/OpenAction << /S /J#61vaScript /J#53 (app.alert(1)) >>", "", nil, ""), "JavaScript"},
		{"name escapes for the key only", pdfOf("/Names << /J#61v#61Script 6 0 R >>", "", nil, "", "<< /Names [(x) 7 0 R] >>", "<< /S /JavaScript /JS (1) >>"), "JavaScript"},
		{"JavaScript name tree", pdfOf("/Names << /JavaScript 6 0 R >>", "", nil, "", "<< /Names [(x) 7 0 R] >>", "<< /S /JavaScript /JS (1) >>"), "JavaScript"},
		{"JavaScript in an unreferenced object", pdfOf("", "", nil, "", "<< /S /JavaScript /JS (1) >>"), "JavaScript"},
		{"open action by reference", pdfOf("/OpenAction 6 0 R", "", nil, "", "<< /S /GoTo /D [3 0 R /Fit] >>"), "when the document opens"},
		{"page additional actions", pdfOf("", "/AA << /O << /S /URI /URI (https://example.com/) >> >>", nil, ""), "on their own"},
		{"document additional actions", pdfOf("/AA << /WC 6 0 R >>", "", nil, "", "<< /S /GoTo /D [3 0 R /Fit] >>"), "on their own"},
		{"launch in a link", pdfOf("", "/Annots [<< /Type /Annot /Subtype /Link /Rect [0 0 10 10] /A << /S /Launch /F (calc.exe) >> >>]", nil, ""), "starts a program"},
		{"launch escaped", pdfOf("", "/Annots [<< /Type /Annot /Subtype /Link /Rect [0 0 10 10] /A << /S /L#61unch /F (calc.exe) >> >>]", nil, ""), "starts a program"},
		{"submit form", pdfOf("", "/Annots [<< /Type /Annot /Subtype /Link /Rect [0 0 10 10] /A << /S /SubmitForm /F (https://example.com/) >> >>]", nil, ""), "sends data"},
		{"embedded files", pdfOf("/Names << /EmbeddedFiles 6 0 R >>", "", nil, "", "<< /Names [(a.exe) 7 0 R] >>", "<< /Type /Filespec /F (a.exe) /EF << /F 8 0 R >> >>", "<< /Type /EmbeddedFile /Length 2 >>\nstream\nMZ\nendstream"), "embedded files"},
		{"file attachment annotation", pdfOf("", "/Annots [<< /Type /Annot /Subtype /FileAttachment /Rect [0 0 10 10] /FS (a.exe) >>]", nil, ""), "attached file"},
		{"XFA form", pdfOf("/AcroForm << /Fields [] /XFA 6 0 R >>", "", nil, "", "<< /Length 0 >>\nstream\n\nendstream"), "XFA"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			in, _, err := documents.Inspect("bill.pdf", bytes.NewReader(tt.pdf), documents.Limits{})
			if tt.want == ok {
				if err != nil || in.Pages != 1 {
					t.Fatalf("a harmless PDF refused: %v", err)
				}
				return
			}
			wantRefusal(t, err, tt.want)
		})
	}
}

// wantRefusal checks err is a 422 on the file field with a message containing want.
func wantRefusal(t *testing.T, err error, want string) {
	t.Helper()
	var de *domain.Error
	if !errors.As(err, &de) || de.Code != domain.ErrInvalid {
		t.Fatalf("err = %v, want an %s error", err, domain.ErrInvalid)
	}
	if len(de.Fields) != 1 || de.Fields[0].Field != "file" || !strings.Contains(de.Fields[0].Message, want) {
		t.Fatalf("fields = %+v, want the file field refused mentioning %q", de.Fields, want)
	}
}

// A flate bomb's streams are counted as they inflate, never held: a PDF of a few kilobytes
// whose content inflates to 1 GiB (deflate of deflate) is refused, and checking it takes
// little memory. Not parallel, so the memory measured is this test's.
func TestSecurityHostilePDFFlateBomb(t *testing.T) {
	gib := pdfOf("", "", gibOfZeros(t), "/Filter [/FlateDecode /FlateDecode]")
	if len(gib) > 64<<10 {
		t.Fatalf("the bomb is %d bytes, want a small one", len(gib))
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, _, err := documents.Inspect("bill.pdf", bytes.NewReader(gib), documents.Limits{})
	runtime.ReadMemStats(&after)
	wantRefusal(t, err, "64 MB")
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 32<<20 {
		t.Errorf("checking the bomb allocated %d MiB", alloc>>20)
	}

	// One layer, against a lower bound; the same file passes the default bound.
	eight := pdfOf("", "", deflated(t, 8<<20, 1), "/Filter /FlateDecode")
	_, _, err = documents.Inspect("bill.pdf", bytes.NewReader(eight), documents.Limits{MaxInflated: 1 << 20})
	wantRefusal(t, err, "1 MB")
	if _, _, err := documents.Inspect("bill.pdf", bytes.NewReader(eight), documents.Limits{}); err != nil {
		t.Fatalf("8 MiB of content under the default bound: %v", err)
	}

	// Many small streams count together.
	var extra []string
	chunk := deflated(t, 256<<10, 1)
	for range 8 {
		extra = append(extra, fmt.Sprintf("<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream", len(chunk), chunk))
	}
	many := pdfOf("", "", nil, "", extra...)
	_, _, err = documents.Inspect("bill.pdf", bytes.NewReader(many), documents.Limits{MaxInflated: 1 << 20})
	wantRefusal(t, err, "1 MB")

	// Other filters are bounded too: run-length decoding of 128 copies per 2 bytes.
	rle := bytes.Repeat([]byte{0x81, 0}, 64<<10) // 8 MiB decoded
	rle = append(rle, 0x80)
	_, _, err = documents.Inspect("bill.pdf", bytes.NewReader(pdfOf("", "", rle, "/Filter /RunLengthDecode")), documents.Limits{MaxInflated: 1 << 20})
	wantRefusal(t, err, "1 MB")
}
