package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

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
