package web

import (
	"io"
	"mime"
	"net/http"

	"github.com/portdesk/portdesk/internal/delivery"
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
