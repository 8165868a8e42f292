package documents_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/documents"
	"github.com/portdesk/portdesk/internal/domain"
)

func pngBytes(t testing.TB, w, h int) []byte {
	img := image.NewGray(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = uint8(i)
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func jpegBytes(t testing.TB) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 40, 30))
	for x := 0; x < 40; x++ {
		img.Set(x, x%30, color.RGBA{200, 10, 10, 255})
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// bombPNG is a valid small PNG whose header claims 100,000 × 100,000 pixels: decoding it
// would need 10 GB.
func bombPNG(t testing.TB) []byte {
	b := pngBytes(t, 8, 8)
	// The IHDR chunk follows the 8-byte signature: length, "IHDR", width, height, …, CRC.
	binary.BigEndian.PutUint32(b[16:], 100_000)
	binary.BigEndian.PutUint32(b[20:], 100_000)
	binary.BigEndian.PutUint32(b[29:], crc32.ChecksumIEEE(b[12:29]))
	return b
}

func encryptedPDF(t testing.TB, userPW string) []byte {
	conf := model.NewAESConfiguration(userPW, "owner-secret", 256)
	var out bytes.Buffer
	if err := api.Encrypt(bytes.NewReader(desktest.BillPDF("secret bill")), &out, conf); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func noPagesPDF() []byte {
	return []byte(strings.Replace(string(desktest.BillPDF("x")), "/Kids [3 0 R] /Count 1", "/Kids [] /Count 0", 1))
}

func TestInspect(t *testing.T) {
	t.Parallel()
	bill := desktest.BillPDF("Acme Widgets Ltd - BT bill")
	photo := pngBytes(t, 30, 20)
	tests := []struct {
		name     string
		file     string
		data     []byte
		lim      documents.Limits
		wantCode domain.ErrorCode
		wantMsg  string
		wantKind documents.Kind
		wantName string
	}{
		{name: "pdf", file: "bill.pdf", data: bill, wantKind: documents.PDF, wantName: "bill.pdf"},
		{name: "png", file: "scan.PNG", data: photo, wantKind: documents.PNG, wantName: "scan.PNG"},
		{name: "jpeg named jpeg", file: "photo.jpeg", data: jpegBytes(t), wantKind: documents.JPEG, wantName: "photo.jpeg"},
		{name: "pdf named png gets its real extension", file: "bill.png", data: bill, wantKind: documents.PDF, wantName: "bill.png.pdf"},
		{name: "path stripped", file: `C:\Users\jo\..\bill march.pdf`, data: bill, wantKind: documents.PDF, wantName: "bill march.pdf"},
		{name: "html", file: "bill.pdf", data: []byte("<!doctype html><html><body>bill</body></html>"), wantCode: domain.ErrUnsupportedContent, wantMsg: "a web page"},
		{name: "office", file: "bill.pdf", data: []byte("PK\x03\x04rest of a docx"), wantCode: domain.ErrUnsupportedContent, wantMsg: "save it as PDF"},
		{name: "empty", file: "bill.pdf", data: nil, wantCode: domain.ErrUnsupportedContent, wantMsg: "empty"},
		{name: "over the limit", file: "bill.pdf", data: bill, lim: documents.Limits{MaxBytes: 100}, wantCode: domain.ErrTooLarge, wantMsg: "over the limit"},
		{name: "malformed pdf", file: "bill.pdf", data: []byte("%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage"), wantCode: domain.ErrUnsupportedContent, wantMsg: "damaged"},
		{name: "truncated pdf", file: "bill.pdf", data: bill[:len(bill)/2], wantCode: domain.ErrUnsupportedContent, wantMsg: "damaged"},
		{name: "pdf with no pages", file: "bill.pdf", data: noPagesPDF(), wantCode: domain.ErrUnsupportedContent, wantMsg: "no pages"},
		{name: "pdf behind a password", file: "bill.pdf", data: encryptedPDF(t, "user-secret"), wantCode: domain.ErrUnsupportedContent, wantMsg: "password-protected"},
		{name: "pdf encrypted without a password", file: "bill.pdf", data: encryptedPDF(t, ""), wantCode: domain.ErrUnsupportedContent, wantMsg: "encrypted"},
		{name: "exactly the page limit", file: "bill.pdf", data: bill, lim: documents.Limits{MaxPages: 1}, wantKind: documents.PDF, wantName: "bill.pdf"},
		{name: "decompression bomb", file: "scan.png", data: bombPNG(t), wantCode: domain.ErrUnsupportedContent, wantMsg: "megapixels"},
		{name: "pixels over a lower limit", file: "scan.png", data: photo, lim: documents.Limits{MaxPixels: 100}, wantCode: domain.ErrUnsupportedContent, wantMsg: "30×20 pixels"},
		{name: "truncated png", file: "scan.png", data: photo[:len(photo)-20], wantCode: domain.ErrUnsupportedContent, wantMsg: "damaged or incomplete"},
		{name: "png header only", file: "scan.png", data: []byte("\x89PNG\r\n\x1a\n"), wantCode: domain.ErrUnsupportedContent, wantMsg: "damaged"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			in, data, err := documents.Inspect(tt.file, bytes.NewReader(tt.data), tt.lim)
			if tt.wantCode != "" {
				if !domain.IsCode(err, tt.wantCode) || !strings.Contains(err.Error(), tt.wantMsg) {
					t.Fatalf("err = %v, want %s containing %q", err, tt.wantCode, tt.wantMsg)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if in.Kind != tt.wantKind || in.Name != tt.wantName || in.ContentType != tt.wantKind.ContentType() {
				t.Errorf("got %s %q %s, want %s %q", in.Kind, in.Name, in.ContentType, tt.wantKind, tt.wantName)
			}
			if !bytes.Equal(data, tt.data) || in.Size != int64(len(tt.data)) || in.SHA256 != sha256.Sum256(tt.data) {
				t.Error("the bytes returned, their size or hash differ from the upload")
			}
		})
	}
}

func TestInspectMeasures(t *testing.T) {
	t.Parallel()
	in, _, err := documents.Inspect("bill.pdf", bytes.NewReader(desktest.BillPDF("one page")), documents.Limits{})
	if err != nil || in.Pages != 1 {
		t.Fatalf("pages = %d, %v", in.Pages, err)
	}
	in, _, err = documents.Inspect("scan.png", bytes.NewReader(pngBytes(t, 30, 20)), documents.Limits{})
	if err != nil || in.Width != 30 || in.Height != 20 {
		t.Fatalf("size = %d×%d, %v", in.Width, in.Height, err)
	}
}

func TestSafeName(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("é", 300) + ".pdf"
	tests := []struct {
		in   string
		kind documents.Kind
		want string
	}{
		{"bill.pdf", documents.PDF, "bill.pdf"},
		{"../../etc/passwd", documents.PDF, "passwd.pdf"},
		{`..\..\windows\bill.PDF`, documents.PDF, "bill.PDF"},
		{"bill\x00\x1b[31m.pdf", documents.PDF, "bill[31m.pdf"},
		{"invoice\u202Efdp.exe", documents.PDF, "invoicefdp.exe.pdf"},
		{`"quoted" <bill>.pdf`, documents.PDF, "_quoted_ _bill_.pdf"},
		{"", documents.PNG, "document.png"},
		{"   . ", documents.JPEG, "document.jpg"},
		{".pdf", documents.PDF, "document.pdf"},
		{"photo.JPEG", documents.JPEG, "photo.JPEG"},
		{"photo.jpg", documents.PNG, "photo.jpg.png"},
		{"tab\tand\nnewline.pdf", documents.PDF, "tabandnewline.pdf"},
		{"bad\xffutf8.pdf", documents.PDF, "badutf8.pdf"},
	}
	for _, tt := range tests {
		if got := documents.SafeName(tt.in, tt.kind); got != tt.want {
			t.Errorf("SafeName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := documents.SafeName(long, documents.PDF); utf8.RuneCountInString(got) > 120 || !strings.HasSuffix(got, ".pdf") {
		t.Errorf("long name: %d runes, %q", utf8.RuneCountInString(got), got[len(got)-8:])
	}
}

// FuzzInspect feeds malformed PDFs and images to the checks: they may refuse anything, but
// must never panic, and whatever they accept must be what was sent and of a kind we serve.
func FuzzInspect(f *testing.F) {
	bill := desktest.BillPDF("Acme bill")
	photo := pngBytes(f, 8, 8)
	for _, seed := range [][]byte{bill, photo, jpegBytes(f), bombPNG(f), noPagesPDF(), bill[:200], photo[:40],
		[]byte("%PDF-1.4\n"), []byte("\x89PNG\r\n\x1a\n"), {0xFF, 0xD8, 0xFF, 0xE0}, []byte("<html>"),
		pdfOf("/OpenAction << /S /J#61vaScript /JS (1) >>", "", nil, ""),
		pdfOf("", "/AA << /O << /S /Launch /F (x) >> >>", nil, ""),
		pdfOf("", "", deflated(f, 64<<10, 2), "/Filter [/FlateDecode /FlateDecode]"),
		pdfOf("", "", []byte{0x81, 0, 0x81, 0, 0x80}, "/Filter [/RunLengthDecode /FlateDecode]")} {
		f.Add("bill.pdf", seed)
	}
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		in, got, err := documents.Inspect(name, bytes.NewReader(data), documents.Limits{MaxBytes: 1 << 20, MaxPixels: 4_000_000, MaxInflated: 1 << 20})
		if err != nil {
			if code := domain.CodeOf(err); code != domain.ErrUnsupportedContent && code != domain.ErrTooLarge && code != domain.ErrInvalid {
				t.Fatalf("unexpected error kind %s: %v", code, err)
			}
			return
		}
		switch in.Kind {
		case documents.PDF:
			if in.Pages < 1 {
				t.Fatalf("accepted a PDF with %d pages", in.Pages)
			}
		case documents.PNG, documents.JPEG:
			if in.Width < 1 || in.Height < 1 {
				t.Fatalf("accepted an image of %d×%d", in.Width, in.Height)
			}
		default:
			t.Fatalf("accepted kind %q", in.Kind)
		}
		if !bytes.Equal(got, data) || in.SHA256 != sha256.Sum256(data) {
			t.Fatal("accepted bytes differ from the upload")
		}
		if strings.ContainsAny(in.Name, "/\\\x00\n\r\"") || !utf8.ValidString(in.Name) {
			t.Fatalf("unsafe name %q", in.Name)
		}
	})
}
