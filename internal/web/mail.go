package web

import (
	"bytes"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/portdesk/portdesk/internal/delivery"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/httpx"
)

type mailPage struct {
	Outbox  bool // email is kept in the mail folder (no SMTP server)
	Entries []delivery.SentMail
}

// mail lists the messages written to the outbox: with no SMTP server configured, this page
// is where the team sees every email PortDesk sent.
func (u *ui) mail(w http.ResponseWriter, r *http.Request, s *session) {
	if !s.actor.Staff {
		u.forbidden(w, r, s)
		return
	}
	var page mailPage
	var err error
	if page.Entries, page.Outbox, err = u.app.Delivery.SentMail(r.Context(), s.actor, 500); err != nil {
		u.fail(w, r, s, err)
		return
	}
	u.render(w, r, s, http.StatusOK, "mail", "Mail", &page)
}

// mailFile sends one .eml file, as a download: it is a customer's email, not a page of ours.
func (u *ui) mailFile(w http.ResponseWriter, r *http.Request, s *session) {
	if !s.actor.Staff {
		u.forbidden(w, r, s)
		return
	}
	name := r.PathValue("file")
	rc, err := u.app.Delivery.OpenSentMail(r.Context(), s.actor, name)
	if err != nil {
		u.fail(w, r, s, err)
		return
	}
	defer rc.Close()
	h := w.Header()
	h.Set("Content-Type", "message/rfc822")
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	h.Set("Content-Security-Policy", "sandbox")
	_, _ = io.Copy(w, rc)
}

type mailPreviewPage struct {
	File string
	Mail mailView
}

// openMail reads one email of the mail folder for its preview.
func (u *ui) openMail(w http.ResponseWriter, r *http.Request, s *session) (mailView, bool) {
	if !s.actor.Staff {
		u.forbidden(w, r, s)
		return mailView{}, false
	}
	rc, err := u.app.Delivery.OpenSentMail(r.Context(), s.actor, r.PathValue("file"))
	if err != nil {
		u.fail(w, r, s, err)
		return mailView{}, false
	}
	defer rc.Close()
	v, err := parseMail(rc)
	if err != nil {
		u.fail(w, r, s, &domain.Error{Code: domain.ErrInvalid, Message: "that email cannot be previewed: download it instead"})
		return mailView{}, false
	}
	return v, true
}

// mailPreview shows one email in the browser: its headers, its text, its HTML in a
// sandboxed frame, and its attachments to download.
func (u *ui) mailPreview(w http.ResponseWriter, r *http.Request, s *session) {
	v, ok := u.openMail(w, r, s)
	if !ok {
		return
	}
	title := v.Subject
	if title == "" {
		title = "Email"
	}
	u.render(w, r, s, http.StatusOK, "mail_preview", title, &mailPreviewPage{File: r.PathValue("file"), Mail: v})
}

// mailHTML serves an email's HTML part for the preview's frame. The email is not a page of
// ours: the CSP sandbox runs it in an opaque origin with no script, no form and nothing
// fetched from elsewhere, and only our own pages may frame it.
func (u *ui) mailHTML(w http.ResponseWriter, r *http.Request, s *session) {
	v, ok := u.openMail(w, r, s)
	if !ok {
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'")
	h.Set("X-Frame-Options", "SAMEORIGIN")
	h.Set("Cache-Control", "private, no-store")
	_, _ = io.WriteString(w, v.HTML)
}

// mailAttachment sends one attachment of an email as a download.
func (u *ui) mailAttachment(w http.ResponseWriter, r *http.Request, s *session) {
	v, ok := u.openMail(w, r, s)
	if !ok {
		return
	}
	n, err := strconv.Atoi(r.PathValue("part"))
	a, found := v.attachment(n)
	if err != nil || !found {
		u.notFound(w, r, s)
		return
	}
	ct := a.ContentType
	if ct == "" || strings.HasPrefix(ct, "text/html") {
		ct = "application/octet-stream"
	}
	_ = httpx.SendAttachment(w, a.Name, ct, a.Size, io.NopCloser(bytes.NewReader(a.body)))
}
