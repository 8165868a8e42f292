package web

import (
	"bytes"
	"encoding/base64"
	"errors"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/httpx"
	"github.com/portdesk/portdesk/internal/portin"
)

func docIDOf(r *http.Request) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue("doc"), 10, 64)
	return id, err == nil && id > 0
}

// letter shows an order's letter of authorisation as PDF, signed when it is.
func (u *ui) letter(w http.ResponseWriter, r *http.Request, s *session) {
	id, ok := u.pathID(w, r, s)
	if !ok {
		return
	}
	var buf bytes.Buffer
	if err := u.app.PortIns.WriteLetter(r.Context(), s.actor, id, r.URL.Query().Get("order"), &buf); err != nil {
		u.fail(w, r, s, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/pdf")
	h.Set("Content-Disposition", mime.FormatMediaType("inline", map[string]string{"filename": "loa-" + strconv.FormatInt(id, 10) + ".pdf"}))
	h.Set("Cache-Control", "private, no-store")
	// The request page previews the letter inline: our own pages may frame it, no one else.
	h.Set("X-Frame-Options", "SAMEORIGIN")
	h.Set("Content-Security-Policy", "frame-ancestors 'self'")
	_, _ = buf.WriteTo(w)
}

// frozenLetter shows one of the request's letters as it was signed and sent, byte for byte.
func (u *ui) frozenLetter(w http.ResponseWriter, r *http.Request, s *session) {
	id, ok := u.pathID(w, r, s)
	if !ok {
		return
	}
	lid, err := strconv.ParseInt(r.PathValue("letter"), 10, 64)
	if err != nil || lid <= 0 {
		u.notFound(w, r, s)
		return
	}
	var buf bytes.Buffer
	if _, err := u.app.PortIns.WriteFrozenLetter(r.Context(), s.actor, id, lid, &buf); err != nil {
		u.fail(w, r, s, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/pdf")
	h.Set("Content-Disposition", mime.FormatMediaType("inline", map[string]string{"filename": "loa-" + strconv.FormatInt(id, 10) + "-sent-" + strconv.FormatInt(lid, 10) + ".pdf"}))
	h.Set("Cache-Control", "private, no-store")
	h.Set("X-Frame-Options", "SAMEORIGIN")
	h.Set("Content-Security-Policy", "frame-ancestors 'self'")
	_, _ = buf.WriteTo(w)
}

// signLetter records the e-signature from the form: typed name, title, email, the drawn
// signature as a PNG data URL, and "I agree".
// signInput reads the signature form that signing in the app and through an emailed link
// share. A drawing that is not base64 is passed on as it came, so the use case refuses it on
// its field instead of the letter being signed without the drawing the signer made.
func (u *ui) signInput(r *http.Request) portin.SignInput {
	in := portin.SignInput{Name: r.PostFormValue("signer_name"), Title: r.PostFormValue("signer_title"),
		Agree: r.PostFormValue("agree") != "", IP: u.clientIP(r), UserAgent: r.UserAgent()}
	if d := r.PostFormValue("drawn_signature"); d != "" {
		png, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(d, "data:image/png;base64,"))
		if err != nil {
			png = []byte(d)
		}
		in.Drawn = png
	}
	return in
}

func (u *ui) signLetter(w http.ResponseWriter, r *http.Request, s *session) {
	id, ok := u.pathID(w, r, s)
	if !ok {
		return
	}
	in := u.signInput(r)
	in.OrderKey, in.Email = r.PostFormValue("order"), r.PostFormValue("signer_email")
	_, err := u.app.PortIns.SignLOA(r.Context(), s.actor, id, in)
	if errs, ok := fieldErrors(err); ok {
		msgs := make([]string, 0, len(errs))
		for _, m := range errs {
			msgs = append(msgs, m)
		}
		u.showWith(w, r, s, id, http.StatusUnprocessableEntity, func(p *showPage) { p.SignError = strings.Join(msgs, " ") })
		return
	}
	if err != nil {
		u.fail(w, r, s, err)
		return
	}
	u.flash(w, "Letter of authorisation signed.")
	u.saved(w, r, id, "#paperwork", true)
}

func (u *ui) uploadDocument(w http.ResponseWriter, r *http.Request, s *session) {
	id, ok := u.pathID(w, r, s)
	if !ok {
		return
	}
	f, hdr, err := r.FormFile("file")
	if err != nil {
		u.showWith(w, r, s, id, http.StatusUnprocessableEntity, func(p *showPage) { p.UploadError = "Choose a file to send." })
		return
	}
	defer f.Close()
	_, err = u.app.PortIns.UploadDocument(r.Context(), s.actor, id, domain.DocumentKind(r.PostFormValue("kind")), hdr.Filename, f)
	var de *domain.Error
	if err != nil && errors.As(err, &de) && de.Code != domain.ErrNotFound && de.Code != domain.ErrInternal {
		msg := upperFirst(de.Message) + "."
		for _, f := range de.Fields {
			msg = f.Message
		}
		u.showWith(w, r, s, id, http.StatusUnprocessableEntity, func(p *showPage) { p.UploadError = msg })
		return
	}
	if err != nil {
		u.fail(w, r, s, err)
		return
	}
	u.flash(w, "Document received: "+hdr.Filename+".")
	u.saved(w, r, id, "#paperwork", false)
}

// downloadDocument sends an upload as an attachment with the type found at upload.
func (u *ui) downloadDocument(w http.ResponseWriter, r *http.Request, s *session) {
	id, ok := u.pathID(w, r, s)
	if !ok {
		return
	}
	did, ok := docIDOf(r)
	if !ok {
		u.notFound(w, r, s)
		return
	}
	d, rc, err := u.app.PortIns.OpenDocument(r.Context(), s.actor, id, did)
	if err != nil {
		u.fail(w, r, s, err)
		return
	}
	_ = httpx.SendAttachment(w, d.Name, d.ContentType, d.Size, rc) // a client that went away has nothing more to hear
}

func (u *ui) deleteDocument(w http.ResponseWriter, r *http.Request, s *session) {
	id, ok := u.pathID(w, r, s)
	if !ok {
		return
	}
	did, ok := docIDOf(r)
	if !ok {
		u.notFound(w, r, s)
		return
	}
	if err := u.app.PortIns.DeleteDocument(r.Context(), s.actor, id, did); err != nil {
		u.fail(w, r, s, err)
		return
	}
	u.flash(w, "Document removed.")
	u.saved(w, r, id, "#paperwork", false)
}
