package web

import (
	"net/http"
	"strconv"

	"github.com/portdesk/portdesk/internal/portin"
)

// pacTyped is a refused PAC as it was typed, to show again with what is wrong.
type pacTyped struct {
	Code, ExpiresOn string
	Errors          map[string]string // by field: pac, pac.code, pac.expires_on
}

// enterPAC saves the PAC of the request's UK mobile order from the request page: the code and
// the last day the losing provider's text gives.
func (u *ui) enterPAC(w http.ResponseWriter, r *http.Request, s *session) {
	id, ok := u.pathID(w, r, s)
	if !ok {
		return
	}
	version, _ := strconv.ParseInt(r.PostFormValue("version"), 10, 64)
	in := portin.PACInput{Code: r.PostFormValue("pac_code"), ExpiresOn: r.PostFormValue("pac_expires_on")}
	_, err := u.app.PortIns.Update(r.Context(), s.actor, id, version, portin.Changes{PAC: &in})
	if errs, ok := fieldErrors(err); ok {
		u.showWith(w, r, s, id, http.StatusUnprocessableEntity, func(p *showPage) {
			p.PACTyped = &pacTyped{Code: in.Code, ExpiresOn: in.ExpiresOn, Errors: errs}
		})
		return
	}
	if err != nil {
		u.fail(w, r, s, err)
		return
	}
	u.flash(w, "PAC saved.")
	u.saved(w, r, id, "#pac", false)
}
