package api

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/httpx"
	"github.com/portdesk/portdesk/internal/portin"
	"github.com/portdesk/portdesk/internal/portout"
)

type documentJSON struct {
	ID           int64               `json:"id"`
	PortInID     int64               `json:"port_in_id"`
	Kind         domain.DocumentKind `json:"kind"`
	Name         string              `json:"name"`
	ContentType  string              `json:"content_type"`
	Size         int64               `json:"size"`
	SHA256       string              `json:"sha256"`
	Pages        int                 `json:"pages"`
	UploadedBy   int64               `json:"uploaded_by"`
	UploaderName string              `json:"uploader_name"`
	UploadedAt   time.Time           `json:"uploaded_at"`
}

func documentView(d domain.Document) documentJSON {
	return documentJSON{d.ID, d.PortInID, d.Kind, d.Name, d.ContentType, d.Size, d.SHA256, d.Pages, d.UploadedBy, d.UploaderName, d.UploadedAt}
}

// uploadDocument takes multipart/form-data with a kind and, after it, one file.
func (x *api) uploadDocument(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var kind domain.DocumentKind
	return x.readUpload(w, r, upload{holds: "with a kind field and a file field", stream: true,
		field: func(name, value string) error {
			if name == "kind" {
				kind = domain.DocumentKind(strings.TrimSpace(value))
			}
			return nil
		},
		file: func(f *portout.Upload) error {
			if kind == "" {
				return &domain.Error{Code: domain.ErrInvalid, Message: "send the kind field before the file",
					Fields: []domain.FieldError{{Field: "kind", Code: "required", Message: "Say what the document is: bill, signed_loa, csr or other."}}}
			}
			d, err := x.app.PortIns.UploadDocument(r.Context(), a, id, kind, f.Name, f.Body)
			if err != nil {
				return err
			}
			writeJSON(w, http.StatusCreated, documentView(d))
			return nil
		}})
}

// upload is what a multipart/form-data body holds and what is done with its parts.
type upload struct {
	holds string // what the form holds, for the error a body of another type gets
	// field takes each text field as it is read; it refuses or ignores names it does not know.
	field func(name, value string) error
	// file takes the file field and answers. With stream, it is handed the part as it comes
	// (the desk reads it) and nothing after the file is read, so the form's fields come
	// first. Without, the whole body is read first, the file held in memory up to the
	// document limit (documents.Inspect holds it whole anyway), and file is called at the
	// end: with nil when there was no file and it is optional.
	file     func(*portout.Upload) error
	stream   bool
	optional bool
}

// readUpload reads a multipart/form-data body as u says, for every upload of the API. A body
// that cannot be read, a part header or a part cut off, is a 400 however far it got, the
// file's bytes included; over the limit is 413; a body without the file is a field error
// unless the file is optional.
func (x *api) readUpload(w http.ResponseWriter, r *http.Request, u upload) error {
	mt, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "multipart/form-data" {
		return &domain.Error{Code: httpx.ErrBadRequest, Message: "send the document as multipart/form-data " + u.holds}
	}
	if params["boundary"] == "" {
		return unreadableMultipart()
	}
	// The limit plus room for the form's other parts: over it is 413, as for the file itself.
	r.Body = http.MaxBytesReader(w, r.Body, x.limits.MaxDocumentBytes+64<<10)
	body := newCloseWatch(r.Body, params["boundary"])
	mr := multipart.NewReader(body, params["boundary"])
	var file *portout.Upload
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			// The end of the form only if its close delimiter came: NextPart also answers
			// EOF for a body cut off between parts or inside a part's header.
			if !body.closed {
				return unreadableMultipart()
			}
			break
		}
		if err != nil {
			return multipartError(err)
		}
		name := part.FormName()
		if name != "file" {
			b, err := io.ReadAll(io.LimitReader(part, x.limits.MaxBodyBytes+1))
			if err != nil {
				return multipartError(err)
			}
			if int64(len(b)) > x.limits.MaxBodyBytes { // a text field is a body's worth: a port-out's thousand numbers fit
				return &domain.Error{Code: domain.ErrInvalid, Message: "a field is too long",
					Fields: []domain.FieldError{{Field: name, Code: "too_long", Message: fmt.Sprintf("Keep it under %d MB.", max(x.limits.MaxBodyBytes>>20, 1))}}}
			}
			if err := u.field(name, string(b)); err != nil {
				return err
			}
			continue
		}
		if file != nil {
			return &domain.Error{Code: domain.ErrInvalid, Message: "more than one file in the upload",
				Fields: []domain.FieldError{{Field: "file", Code: "too_many", Message: "Attach one document."}}}
		}
		if u.stream {
			rec := &readRecorder{r: part}
			if err := u.file(&portout.Upload{Name: part.FileName(), Body: rec}); err != nil {
				if rec.err != nil {
					// The desk failed because the body broke off: say that, not what it made of it.
					return multipartError(rec.err)
				}
				return uploadError(err)
			}
			return nil
		}
		data, err := io.ReadAll(io.LimitReader(part, x.limits.MaxDocumentBytes+1))
		if err != nil {
			return multipartError(err)
		}
		if int64(len(data)) > x.limits.MaxDocumentBytes {
			return domain.Errorf(domain.ErrTooLarge, "the file is over the limit of %d MB", x.limits.MaxDocumentBytes>>20)
		}
		file = &portout.Upload{Name: part.FileName(), Body: bytes.NewReader(data)}
	}
	if file == nil && !u.optional {
		return &domain.Error{Code: domain.ErrInvalid, Message: "no file in the upload",
			Fields: []domain.FieldError{{Field: "file", Code: "required", Message: "Attach the document as the file field."}}}
	}
	return uploadError(u.file(file))
}

// readRecorder passes reads through and keeps the first error other than EOF, so a file
// streamed to the desk that broke off is told apart from one the desk refused.
type readRecorder struct {
	r   io.Reader
	err error
}

func (rr *readRecorder) Read(p []byte) (int, error) {
	n, err := rr.r.Read(p)
	if err != nil && !errors.Is(err, io.EOF) && rr.err == nil {
		rr.err = err
	}
	return n, err
}

// closeWatch passes a multipart body through and notes whether its close delimiter
// ("--boundary--" at the start of a line) went by.
type closeWatch struct {
	r      io.Reader
	delim  []byte
	tail   []byte // the last bytes read, up to len(delim)-1: a delimiter split between reads
	closed bool
}

func newCloseWatch(r io.Reader, boundary string) *closeWatch {
	// The newline before it is taken as read, so a form with no parts counts too.
	return &closeWatch{r: r, delim: []byte("\n--" + boundary + "--"), tail: []byte("\n")}
}

func (c *closeWatch) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if n > 0 && !c.closed {
		k := len(c.delim) - 1
		seam := append(c.tail[:len(c.tail):len(c.tail)], p[:min(n, k)]...) // a copy
		c.closed = bytes.Contains(seam, c.delim) || bytes.Contains(p[:n], c.delim)
		if n >= k {
			c.tail = append(c.tail[:0], p[n-k:n]...)
		} else {
			c.tail = append(c.tail[:0], seam[max(0, len(seam)-k):]...)
		}
	}
	return n, err
}

func unreadableMultipart() error {
	return &domain.Error{Code: httpx.ErrBadRequest, Message: "the multipart body cannot be read"}
}

// multipartError is the answer to an error reading a multipart body: over the limit is 413,
// anything else the reader met (a malformed part header, a body cut off) 400.
func multipartError(err error) error {
	var de *domain.Error
	if errors.As(err, &de) {
		return err
	}
	var maxErr *http.MaxBytesError
	if errors.As(err, &maxErr) {
		return uploadError(err)
	}
	return unreadableMultipart()
}

// uploadError maps what reading an upload's body may return to a problem: over the limit is
// 413; anything else passes as it is.
func uploadError(err error) error {
	var maxErr *http.MaxBytesError
	if errors.As(err, &maxErr) {
		return domain.Errorf(domain.ErrTooLarge, "the upload is over the limit of %d MB", maxErr.Limit>>20)
	}
	return err
}

func (x *api) listDocuments(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ds, err := x.app.PortIns.Documents(r.Context(), a, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"documents": mapList(ds, documentView)})
	return nil
}

func docID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("doc"), 10, 64)
	if err != nil || id <= 0 {
		return 0, domain.Errorf(domain.ErrNotFound, "not found")
	}
	return id, nil
}

// downloadDocument sends the bytes as an attachment with the type found at upload: a browser
// never renders an upload inline as a page of ours.
func (x *api) downloadDocument(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	did, err := docID(r)
	if err != nil {
		return err
	}
	d, rc, err := x.app.PortIns.OpenDocument(r.Context(), a, id, did)
	if err != nil {
		return err
	}
	if err := httpx.SendAttachment(w, d.Name, d.ContentType, d.Size, rc); err != nil {
		x.log.Warn("document download interrupted", "document", d.ID, "err", err)
	}
	return nil
}

func (x *api) deleteDocument(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	did, err := docID(r)
	if err != nil {
		return err
	}
	if err := x.app.PortIns.DeleteDocument(r.Context(), a, id, did); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

type signatureJSON struct {
	OrderKey      string    `json:"order"`
	ContentSHA256 string    `json:"content_sha256"`
	SignerName    string    `json:"signer_name"`
	SignerTitle   string    `json:"signer_title"`
	SignerEmail   string    `json:"signer_email"`
	UserID        int64     `json:"user_id"`
	IP            string    `json:"ip"`
	UserAgent     string    `json:"user_agent"`
	SignedAt      time.Time `json:"signed_at"`
	// SignatureRequestID is the emailed link it was signed through; absent: signed in the desk.
	SignatureRequestID int64 `json:"signature_request_id,omitempty"`
}

func signatureView(g *domain.LOASignature) *signatureJSON {
	if g == nil {
		return nil
	}
	return &signatureJSON{g.OrderKey, g.ContentSHA256, g.SignerName, g.SignerTitle, g.SignerEmail, g.UserID, g.IP, g.UserAgent, g.SignedAt, g.SignatureRequestID}
}

type letterJSON struct {
	Order         string         `json:"order"`
	LOAType       domain.LOAType `json:"loa_type"`
	Provider      string         `json:"provider"`
	NumberCount   int            `json:"number_count"`
	ContentSHA256 string         `json:"content_sha256"`
	Signed        bool           `json:"signed"`
	Signature     *signatureJSON `json:"signature"`
	// Outdated: signed before the letter changed; it must be signed again.
	Outdated *signatureJSON `json:"outdated_signature"`
	PDF      string         `json:"pdf"`
	// ChangedAfterSigning: the request no longer says what the letter frozen at submission
	// says (a supplemental order); pdf is the letter to sign again, frozen the one sent.
	ChangedAfterSigning bool              `json:"changed_after_signing"`
	Frozen              *frozenLetterJSON `json:"frozen"`
}

// frozenLetterJSON is a letter as it was signed and sent.
type frozenLetterJSON struct {
	ID            int64          `json:"id"`
	Order         string         `json:"order"`
	LOAType       domain.LOAType `json:"loa_type"`
	Provider      string         `json:"provider"`
	ContentSHA256 string         `json:"content_sha256"`
	SHA256        string         `json:"sha256"`
	Size          int64          `json:"size"`
	Signed        bool           `json:"signed"`
	SignatureID   *int64         `json:"signature_id"`
	DocumentID    *int64         `json:"signed_loa_document_id"`
	FrozenAt      time.Time      `json:"frozen_at"`
	PDF           string         `json:"pdf"`
}

func frozenLetterView(f domain.FrozenLetter, id int64) frozenLetterJSON {
	v := frozenLetterJSON{ID: f.ID, Order: f.OrderKey, LOAType: f.LOAType, Provider: f.Provider, ContentSHA256: f.ContentSHA256, SHA256: f.SHA256,
		Size: f.Size, Signed: f.Signed(), FrozenAt: f.FrozenAt, PDF: fmt.Sprintf("/api/v1/port-ins/%d/loa/frozen/%d", id, f.ID)}
	if f.SignatureID != 0 {
		v.SignatureID = &f.SignatureID
	}
	if f.DocumentID != 0 {
		v.DocumentID = &f.DocumentID
	}
	return v
}

type paperworkJSON struct {
	Letters   []letterJSON        `json:"letters"`
	CanSign   bool                `json:"can_sign"`
	SignedLOA bool                `json:"signed_loa_uploaded"`
	Bill      bool                `json:"bill_uploaded"`
	Missing   []domain.FieldError `json:"missing"`
	// SignAgain: a letter changed after it was signed and is signed again before the order
	// goes on; FrozenLetters are every letter signed and sent, newest first.
	SignAgain     bool               `json:"sign_again"`
	FrozenLetters []frozenLetterJSON `json:"frozen_letters"`
}

func (x *api) paperworkView(pw portin.Paperwork, id int64) paperworkJSON {
	v := paperworkJSON{Letters: []letterJSON{}, CanSign: pw.CanSign, SignedLOA: pw.SignedLOA, Bill: pw.Bill, Missing: pw.Missing,
		SignAgain: pw.SignAgain, FrozenLetters: []frozenLetterJSON{}}
	if v.Missing == nil {
		v.Missing = []domain.FieldError{}
	}
	for _, l := range pw.Letters {
		lv := letterJSON{Order: l.Order.Key, LOAType: l.Order.LOAType, Provider: l.Order.Provider, NumberCount: len(l.Order.Numbers),
			ContentSHA256: l.Hash, Signed: l.Signature != nil, Signature: signatureView(l.Signature), Outdated: signatureView(l.Outdated),
			PDF: "/api/v1/port-ins/" + strconv.FormatInt(id, 10) + "/loa.pdf?order=" + url.QueryEscape(l.Order.Key), ChangedAfterSigning: l.Changed}
		if l.Frozen != nil {
			f := frozenLetterView(*l.Frozen, id)
			lv.Frozen = &f
		}
		v.Letters = append(v.Letters, lv)
	}
	for _, f := range pw.Frozen {
		v.FrozenLetters = append(v.FrozenLetters, frozenLetterView(f, id))
	}
	return v
}

func (x *api) getLetters(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	pw, err := x.app.PortIns.Paperwork(r.Context(), a, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, x.paperworkView(pw, id))
	return nil
}

// letterPDF renders the order's letter; buffered, so an error is still a proper problem.
func (x *api) letterPDF(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := x.app.PortIns.WriteLetter(r.Context(), a, id, r.URL.Query().Get("order"), &buf); err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "application/pdf")
	h.Set("Content-Disposition", mime.FormatMediaType("inline", map[string]string{"filename": "loa-" + strconv.FormatInt(id, 10) + ".pdf"}))
	h.Set("Cache-Control", "private, no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	_, _ = buf.WriteTo(w)
	return nil
}

// frozenLetterPDF sends one of the request's letters as it was signed and sent, bytes as
// kept; buffered, so an error is still a proper problem.
func (x *api) frozenLetterPDF(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	lid, err := strconv.ParseInt(r.PathValue("letter"), 10, 64)
	if err != nil || lid <= 0 {
		return domain.Errorf(domain.ErrNotFound, "not found")
	}
	var buf bytes.Buffer
	if _, err := x.app.PortIns.WriteFrozenLetter(r.Context(), a, id, lid, &buf); err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "application/pdf")
	h.Set("Content-Disposition", mime.FormatMediaType("inline", map[string]string{"filename": fmt.Sprintf("loa-%d-sent-%d.pdf", id, lid)}))
	h.Set("Cache-Control", "private, no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	_, _ = buf.WriteTo(w)
	return nil
}

type signBody struct {
	Order       string `json:"order"`
	SignerName  string `json:"signer_name"`
	SignerTitle string `json:"signer_title"`
	SignerEmail string `json:"signer_email"`
	DrawnPNG    string `json:"drawn_signature_png"` // base64, optional
	Agree       bool   `json:"agree"`
}

func (x *api) signLetters(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var b signBody
	if err := x.decode(w, r, &b); err != nil {
		return err
	}
	var drawn []byte
	if b.DrawnPNG != "" {
		drawn, err = base64.StdEncoding.DecodeString(strings.TrimPrefix(b.DrawnPNG, "data:image/png;base64,"))
		if err != nil {
			return &domain.Error{Code: domain.ErrInvalid, Message: "the drawn signature is not base64",
				Fields: []domain.FieldError{{Field: "drawn_signature_png", Code: "invalid", Message: "Send a base64 PNG."}}}
		}
	}
	if _, err := x.app.PortIns.SignLOA(r.Context(), a, id, portin.SignInput{OrderKey: b.Order, Name: b.SignerName, Title: b.SignerTitle, Email: b.SignerEmail,
		Drawn: drawn, Agree: b.Agree, IP: httpx.ClientIP(r, x.opts.ProxyHops), UserAgent: r.UserAgent()}); err != nil {
		return err
	}
	pw, err := x.app.PortIns.Paperwork(r.Context(), a, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, x.paperworkView(pw, id))
	return nil
}
