package httpx

import (
	"errors"
	"io"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
)

// body is an upload being read: it records Close and can break off after its content.
type body struct {
	io.Reader
	closed bool
}

func (b *body) Close() error { b.closed = true; return nil }

type breaksOff struct{ err error }

func (b breaksOff) Read([]byte) (int, error) { return 0, b.err }

func TestSendAttachment(t *testing.T) {
	t.Parallel()
	broken := errors.New("connection reset by peer")
	tests := []struct {
		name, file, contentType string
		content                 io.Reader
		size                    int64
		wantDisposition         string
		wantBody                string
		wantErr                 error
	}{
		{name: "pdf", file: "bill.pdf", contentType: "application/pdf", content: strings.NewReader("%PDF-1.4"), size: 8,
			wantDisposition: `attachment; filename=bill.pdf`, wantBody: "%PDF-1.4"},
		{name: "a name to quote", file: "BT bill (March).png", contentType: "image/png", content: strings.NewReader("png"), size: 3,
			wantDisposition: `attachment; filename="BT bill (March).png"`, wantBody: "png"},
		{name: "a name outside ASCII", file: "facture-été.pdf", contentType: "application/pdf", content: strings.NewReader("x"), size: 1,
			wantDisposition: `attachment; filename*=utf-8''facture-%C3%A9t%C3%A9.pdf`, wantBody: "x"},
		{name: "a copy that breaks off", file: "bill.pdf", contentType: "application/pdf",
			content: io.MultiReader(strings.NewReader("%PDF"), breaksOff{broken}), size: 8,
			wantDisposition: `attachment; filename=bill.pdf`, wantBody: "%PDF", wantErr: broken},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rec := httptest.NewRecorder()
			rc := &body{Reader: tt.content}
			err := SendAttachment(rec, tt.file, tt.contentType, tt.size, rc)
			if !errors.Is(err, tt.wantErr) {
				t.Errorf("error = %v, want %v", err, tt.wantErr)
			}
			if !rc.closed {
				t.Error("the upload was not closed")
			}
			if got := rec.Body.String(); got != tt.wantBody {
				t.Errorf("body = %q, want %q", got, tt.wantBody)
			}
			h := rec.Result().Header
			for name, want := range map[string]string{
				"Content-Type":            tt.contentType,
				"Content-Disposition":     tt.wantDisposition,
				"X-Content-Type-Options":  "nosniff",
				"Content-Security-Policy": "sandbox",
				"Cache-Control":           "private, no-store",
				"Content-Length":          strconv.FormatInt(tt.size, 10),
			} {
				if got := h.Get(name); got != want {
					t.Errorf("%s = %q, want %q", name, got, want)
				}
			}
		})
	}
}
