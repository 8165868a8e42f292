package documents_test

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"testing"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/documents"
)

// Letters merge into one PDF of every page of each, in order; a letter scanned as an image
// becomes a page of its own.
func TestMergePDF(t *testing.T) {
	t.Parallel()
	img := image.NewRGBA(image.Rect(0, 0, 40, 60))
	img.Set(10, 10, color.Black)
	var scan bytes.Buffer
	if err := png.Encode(&scan, img); err != nil {
		t.Fatal(err)
	}
	two, err := documents.MergePDF([]documents.Part{{ContentType: "application/pdf", Data: desktest.BillPDF("one")},
		{ContentType: "application/pdf", Data: desktest.BillPDF("two")}})
	if err != nil {
		t.Fatal(err)
	}
	merged, err := documents.MergePDF([]documents.Part{{ContentType: "application/pdf", Data: two},
		{ContentType: "image/png", Data: scan.Bytes()}})
	if err != nil {
		t.Fatal(err)
	}
	if n, err := documents.PageCount(merged); err != nil || n != 3 {
		t.Fatalf("%d pages, want 3 (%v)", n, err)
	}
	if _, err := documents.MergePDF([]documents.Part{{ContentType: "application/pdf", Data: []byte("%PDF-1.4 not really")},
		{ContentType: "application/pdf", Data: two}}); err == nil {
		t.Fatal("a damaged letter merged")
	}
}
