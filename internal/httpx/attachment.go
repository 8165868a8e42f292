package httpx

import (
	"io"
	"mime"
	"net/http"
	"strconv"
)

// SendAttachment sends a stored upload as an attachment with the type found at upload:
// a browser never renders an upload inline as a page of ours (nosniff, a sandboxing CSP).
// It closes rc. The error is that of a copy that broke off, usually a client that went
// away; the headers are sent by then, so the caller can only log it or let it be.
func SendAttachment(w http.ResponseWriter, name, contentType string, size int64, rc io.ReadCloser) error {
	defer rc.Close()
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "sandbox")
	h.Set("Cache-Control", "private, no-store")
	h.Set("Content-Length", strconv.FormatInt(size, 10))
	_, err := io.Copy(w, rc)
	return err
}
