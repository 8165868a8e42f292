package documents

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // decoders for image.DecodeConfig and image.Decode
	_ "image/png"
	"io"
	"net/http"
	"strings"

	"github.com/portdesk/portdesk/internal/domain"
)

// Kind is what a file is, judged by its content.
type Kind string

const (
	PDF  Kind = "pdf"
	PNG  Kind = "png"
	JPEG Kind = "jpeg"
)

// ContentType is the only Content-Type a file of kind k is ever served with.
func (k Kind) ContentType() string {
	switch k {
	case PDF:
		return "application/pdf"
	case PNG:
		return "image/png"
	case JPEG:
		return "image/jpeg"
	}
	return "application/octet-stream"
}

func (k Kind) extension() string {
	if k == JPEG {
		return ".jpg"
	}
	return "." + string(k)
}

// Limits bound what an upload may cost to check and keep. Zero fields take the defaults.
type Limits struct {
	MaxBytes  int64 // the file itself (default 10 MiB)
	MaxPixels int64 // an image's width × height, checked before decoding (default 50 megapixels)
	MaxPages  int   // a PDF's pages (default 500)
	// MaxInflated bounds what all of a PDF's streams decode to together (default 64 MiB):
	// a flate bomb of a few megabytes can claim gigabytes.
	MaxInflated int64
}

const (
	DefaultMaxBytes  = 10 << 20
	DefaultMaxPixels = 50_000_000
	DefaultMaxPages  = 500
	// DefaultMaxInflated is far above what a scanned bill's pages decode to (a page of
	// 200 dpi greyscale is about 4 MiB) and far below what a bomb claims.
	DefaultMaxInflated = 64 << 20
)

func (l Limits) withDefaults() Limits {
	if l.MaxBytes <= 0 {
		l.MaxBytes = DefaultMaxBytes
	}
	if l.MaxPixels <= 0 {
		l.MaxPixels = DefaultMaxPixels
	}
	if l.MaxPages <= 0 {
		l.MaxPages = DefaultMaxPages
	}
	if l.MaxInflated <= 0 {
		l.MaxInflated = DefaultMaxInflated
	}
	return l
}

// Inspected is what the checks found out about an accepted file.
type Inspected struct {
	Kind        Kind
	ContentType string
	Name        string // safe to show and to send in Content-Disposition
	Size        int64
	SHA256      [32]byte
	Pages       int // PDFs
	Width       int // images
	Height      int
}

// Inspect reads an upload and accepts it only when its content is a readable PDF, PNG or
// JPEG within the limits. It returns the bytes read, so the caller stores exactly what was
// checked. Each refusal is a domain error with a message the uploader can act on.
func Inspect(name string, r io.Reader, lim Limits) (Inspected, []byte, error) {
	lim = lim.withDefaults()
	var in Inspected
	data, err := io.ReadAll(io.LimitReader(r, lim.MaxBytes+1))
	if err != nil {
		var tooBig interface{ Limit() int64 }
		if errors.As(err, &tooBig) {
			return in, nil, tooLarge(lim.MaxBytes)
		}
		return in, nil, fmt.Errorf("read upload: %w", err)
	}
	if int64(len(data)) > lim.MaxBytes {
		return in, nil, tooLarge(lim.MaxBytes)
	}
	if len(data) == 0 {
		return in, nil, unsupported("The file is empty.")
	}
	in.Kind = sniff(data)
	switch in.Kind {
	case PDF:
		in.Pages, err = checkPDF(data, lim)
	case PNG, JPEG:
		in.Width, in.Height, err = checkImage(data, lim.MaxPixels)
	default:
		return in, nil, unsupported(fmt.Sprintf("Only PDF, PNG and JPEG files are accepted, judged by their content; this file is %s.", describe(data)))
	}
	if err != nil {
		return in, nil, err
	}
	in.ContentType = in.Kind.ContentType()
	in.Name = SafeName(name, in.Kind)
	in.Size = int64(len(data))
	in.SHA256 = sha256.Sum256(data)
	return in, data, nil
}

func tooLarge(limit int64) error {
	return domain.Errorf(domain.ErrTooLarge, "the file is over the limit of %s", megabytes(limit))
}

func megabytes(n int64) string {
	if n%(1<<20) == 0 {
		return fmt.Sprintf("%d MB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}

// refused is a document that could be read but will not be kept or forwarded: a 422 on the
// file field, as for any other field a person must change.
func refused(msg string) error {
	return &domain.Error{Code: domain.ErrInvalid, Message: msg,
		Fields: []domain.FieldError{{Field: "file", Code: "refused", Message: msg}}}
}

func unsupported(msg string) error {
	return &domain.Error{Code: domain.ErrUnsupportedContent, Message: msg,
		Fields: []domain.FieldError{{Field: "file", Code: "unsupported", Message: msg}}}
}

// pdfHeaderWindow: readers accept a PDF header anywhere in the first 1024 bytes (some
// scanners write a preamble), and so do we.
const pdfHeaderWindow = 1024

var (
	pngMagic  = []byte("\x89PNG\r\n\x1a\n")
	jpegMagic = []byte{0xFF, 0xD8, 0xFF}
	pdfMagic  = []byte("%PDF-")
)

func sniff(data []byte) Kind {
	switch {
	case bytes.HasPrefix(data, pngMagic):
		return PNG
	case bytes.HasPrefix(data, jpegMagic):
		return JPEG
	case bytes.Contains(data[:min(len(data), pdfHeaderWindow)], pdfMagic):
		return PDF
	}
	return ""
}

// describe names what a refused file looks like, in words an uploader knows.
func describe(data []byte) string {
	ct := http.DetectContentType(data)
	switch {
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return "a ZIP archive or an Office document (save it as PDF first)"
	case bytes.HasPrefix(data, []byte("GIF8")):
		return "a GIF image"
	case bytes.HasPrefix(data, []byte("II*\x00")), bytes.HasPrefix(data, []byte("MM\x00*")):
		return "a TIFF image"
	case len(data) > 12 && string(data[4:8]) == "ftyp":
		return "a HEIC photo or a video (export it as JPEG first)"
	case strings.HasPrefix(ct, "text/html"):
		return "a web page"
	case strings.HasPrefix(ct, "text/"):
		return "plain text"
	}
	return "not a document we can read"
}

// checkImage refuses images whose dimensions would cost too much to decode (a few bytes of
// PNG can claim gigapixels), then decodes the whole image so a truncated file is caught.
func checkImage(data []byte, maxPixels int64) (w, h int, err error) {
	defer func() {
		if r := recover(); r != nil { // a decoder bug must not take the server down
			err = unsupported("The image could not be read: it is damaged.")
		}
	}()
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return 0, 0, unsupported("The image could not be read: it is damaged or incomplete.")
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return 0, 0, unsupported("The image has no pixels.")
	}
	if int64(cfg.Width)*int64(cfg.Height) > maxPixels {
		return 0, 0, unsupported(fmt.Sprintf("The image is %d×%d pixels, more than the %d megapixels accepted: scan it at a lower resolution.",
			cfg.Width, cfg.Height, maxPixels/1_000_000))
	}
	if _, _, err := image.Decode(bytes.NewReader(data)); err != nil {
		return 0, 0, unsupported("The image could not be read: it is damaged or incomplete.")
	}
	return cfg.Width, cfg.Height, nil
}
