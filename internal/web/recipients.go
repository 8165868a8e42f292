package web

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/portdesk/portdesk/internal/access"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/portin"
)

// editRecipients changes who hears about a request, from the request page: the account's
// users and the team may, in every state until the request ends (the desk's rule).
func (u *ui) editRecipients(w http.ResponseWriter, r *http.Request, s *session) {
	id, ok := u.pathID(w, r, s)
	if !ok {
		return
	}
	version, _ := strconv.ParseInt(r.PostFormValue("version"), 10, 64)
	typed := r.PostFormValue("recipients")
	recips := boxList(typed)
	_, err := u.app.PortIns.Update(r.Context(), s.actor, id, version, portin.Changes{Recipients: &recips})
	if msgs := recipientErrors(err); len(msgs) > 0 {
		u.showWith(w, r, s, id, http.StatusUnprocessableEntity, func(p *showPage) {
			p.RecipientsPosted, p.RecipientsTyped, p.RecipientsErrors = true, typed, msgs
		})
		return
	}
	if err != nil {
		u.fail(w, r, s, err)
		return
	}
	u.flash(w, "Recipient emails saved.")
	u.saved(w, r, id, "#recipients", true)
}

// recipientErrors are the messages of a refused recipients change, in the order typed.
func recipientErrors(err error) []string {
	var e *domain.Error
	if !errors.As(err, &e) {
		return nil
	}
	var out []string
	for _, f := range e.Fields {
		if f.Field == "recipients" || strings.HasPrefix(f.Field, "recipients[") {
			out = append(out, f.Message)
		}
	}
	return out
}

// inviteRecipient invites someone to the request's account from where its recipients are
// chosen, and puts them on the request's updates at once: they are emailed from the moment
// they accept (updates go to users of the account only), so "recipients must be users" is
// not a dead end. Only the account's admins invite.
func (u *ui) inviteRecipient(w http.ResponseWriter, r *http.Request, s *session) {
	id, ok := u.pathID(w, r, s)
	if !ok {
		return
	}
	v, err := u.app.PortIns.Get(r.Context(), s.actor, id)
	if err != nil {
		u.fail(w, r, s, err)
		return
	}
	email, name := strings.TrimSpace(r.PostFormValue("email")), r.PostFormValue("name")
	l, err := u.app.Access.Invite(r.Context(), s.actor, v.AccountID, access.Invitation{Email: email, Name: name, Role: domain.RoleMember})
	if errs, ok := fieldErrors(err); ok {
		u.showWith(w, r, s, id, http.StatusUnprocessableEntity, func(p *showPage) {
			p.InviteTyped, p.InviteName, p.InviteError = email, name, firstOf(errs)
			if errs["email"] != "" {
				p.InviteError = errs["email"]
			}
		})
		return
	}
	if err != nil {
		u.fail(w, r, s, err)
		return
	}
	recips := append(slices.Clone(v.Recipients), l.Email)
	if _, err := u.app.PortIns.Update(r.Context(), s.actor, id, v.Version, portin.Changes{Recipients: &recips}); err != nil {
		u.fail(w, r, s, err)
		return
	}
	u.flash(w, "Invitation sent to "+l.Email+", who is now on this request's updates and gets them from when they accept (the link works once, for 72 hours).")
	u.saved(w, r, id, "#recipients", false)
}
