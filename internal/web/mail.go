package web

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"os"

	"github.com/portdesk/portdesk/internal/notify"
)

type mailPage struct {
	Outbox  bool
	Entries []notify.OutboxEntry
}

// mail lists the messages written to the outbox: with no SMTP server configured, this page
// is where the team sees every email PortDesk sent.
func (u *ui) mail(w http.ResponseWriter, r *http.Request, s *session) {
	if !s.actor.Staff {
		u.forbidden(w, r, s)
		return
	}
	page := &mailPage{Outbox: u.opts.Outbox != nil}
	if u.opts.Outbox != nil {
		var err error
		if page.Entries, err = u.opts.Outbox.List(500); err != nil {
			u.fail(w, r, s, err)
			return
		}
	}
	u.render(w, r, s, http.StatusOK, "mail", "Mail", page)
}

// mailFile sends one .eml file, as a download: it is a customer's email, not a page of ours.
func (u *ui) mailFile(w http.ResponseWriter, r *http.Request, s *session) {
	if !s.actor.Staff {
		u.forbidden(w, r, s)
		return
	}
	if u.opts.Outbox == nil {
		u.notFound(w, r, s)
		return
	}
	name := r.PathValue("file")
	rc, err := u.opts.Outbox.Open(name)
	if errors.Is(err, os.ErrNotExist) {
		u.notFound(w, r, s)
		return
	}
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
