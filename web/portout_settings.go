package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/portdesk/portdesk/desk"
	"github.com/portdesk/portdesk/domain"
)

// portOutSettingsPage is each account's port-out protection, with its numbers and their lock
// toggles: where the notice email's "lock now" link lands.
type portOutSettingsPage struct {
	Rows []portOutSettingsRow
}

type portOutSettingsRow struct {
	S      desk.PortOutSettings
	Locked map[string]bool
	Errors map[string]string
}

func (u *ui) portOutSettings(w http.ResponseWriter, r *http.Request, s *session) {
	u.renderPortOutSettings(w, r, s, http.StatusOK, 0, nil)
}

func (u *ui) renderPortOutSettings(w http.ResponseWriter, r *http.Request, s *session, status int, failed int64, errs map[string]string) {
	var accs []domain.Account
	if s.actor.Staff {
		// The team looks at one account at a time: ?account=ID.
		id, _ := strconv.ParseInt(r.URL.Query().Get("account"), 10, 64)
		if id == 0 {
			id = failed
		}
		acc, err := u.svc.Account(r.Context(), s.actor, id)
		if err != nil {
			u.fail(w, r, s, err)
			return
		}
		accs = []domain.Account{acc}
	} else {
		var err error
		if accs, err = u.svc.Accounts(r.Context(), s.actor); err != nil {
			u.fail(w, r, s, err)
			return
		}
	}
	var page portOutSettingsPage
	for _, acc := range accs {
		st, err := u.svc.PortOutSettings(r.Context(), s.actor, acc.ID)
		if err != nil {
			u.fail(w, r, s, err)
			return
		}
		row := portOutSettingsRow{S: st, Locked: map[string]bool{}}
		for _, l := range st.NumberLocks {
			row.Locked[l.Number] = true
		}
		if acc.ID == failed {
			row.Errors = errs
		}
		if acc.ID == s.actor.AccountID {
			page.Rows = append([]portOutSettingsRow{row}, page.Rows...)
		} else {
			page.Rows = append(page.Rows, row)
		}
	}
	u.render(w, r, s, status, "portout_settings", "Port-out protection", page)
}

func accountIDOf(r *http.Request, s *session) int64 {
	id, err := strconv.ParseInt(r.PostFormValue("account_id"), 10, 64)
	if err != nil || id <= 0 {
		return s.actor.AccountID
	}
	return id
}

// savePortOutSettings saves the records and auto-authorization. The lock has its own button:
// a records form left open in another tab must never lift (or set) it.
func (u *ui) savePortOutSettings(w http.ResponseWriter, r *http.Request, s *session) {
	id := accountIDOf(r, s)
	name, postcode := r.PostFormValue("record_name"), r.PostFormValue("record_postcode")
	days, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue("auto_authorize_days")))
	if err != nil {
		u.renderPortOutSettings(w, r, s, http.StatusUnprocessableEntity, id, map[string]string{"auto_authorize_days": "Give a whole number of business days, 0 for off."})
		return
	}
	_, err = u.svc.UpdatePortOutSettings(r.Context(), s.actor, id, desk.PortOutSettingsChanges{RecordName: &name, RecordPostcode: &postcode,
		AutoAuthorizeDays: &days})
	u.afterPortOutSetting(w, r, s, id, err, "Port-out settings saved.")
}

// lockPortOuts is the one-click lock (and unlock) of the whole account.
func (u *ui) lockPortOuts(w http.ResponseWriter, r *http.Request, s *session) {
	id := accountIDOf(r, s)
	locked := r.PostFormValue("locked") == "1"
	_, err := u.svc.UpdatePortOutSettings(r.Context(), s.actor, id, desk.PortOutSettingsChanges{Locked: &locked})
	msg := "Port-outs unlocked."
	if locked {
		msg = "Port-outs locked: every port-out of the account is refused until you unlock."
	}
	u.afterPortOutSetting(w, r, s, id, err, msg)
}

func (u *ui) savePortOutPIN(w http.ResponseWriter, r *http.Request, s *session) {
	id := accountIDOf(r, s)
	pin := r.PostFormValue("pin")
	if r.PostFormValue("remove") == "1" {
		pin = ""
	} else if strings.TrimSpace(pin) == "" {
		u.renderPortOutSettings(w, r, s, http.StatusUnprocessableEntity, id, map[string]string{"pin": "Type the new PIN, or remove it."})
		return
	}
	_, err := u.svc.SetPortOutPIN(r.Context(), s.actor, id, pin)
	msg := "Port-out PIN saved. Give it only to a provider you are moving to."
	if pin == "" {
		msg = "Port-out PIN removed."
	}
	u.afterPortOutSetting(w, r, s, id, err, msg)
}

func (u *ui) lockNumber(w http.ResponseWriter, r *http.Request, s *session) {
	id := accountIDOf(r, s)
	locked := r.PostFormValue("locked") == "1"
	number := r.PostFormValue("number")
	_, err := u.svc.SetNumberLock(r.Context(), s.actor, id, number, locked)
	if domain.IsCode(err, domain.ErrNotFound) && strings.TrimSpace(number) != "" {
		// Typed in: say so beside the box rather than showing a page that is not there.
		u.renderPortOutSettings(w, r, s, http.StatusUnprocessableEntity, id, map[string]string{"number": "That number is not on this account, or has left it."})
		return
	}
	msg := number + " unlocked: it can be ported out again."
	if locked {
		msg = number + " locked against port-outs: any port-out of it is refused."
	}
	u.afterPortOutSetting(w, r, s, id, err, msg)
}

func (u *ui) afterPortOutSetting(w http.ResponseWriter, r *http.Request, s *session, id int64, err error, done string) {
	if errs, ok := fieldErrors(err); ok {
		u.renderPortOutSettings(w, r, s, http.StatusUnprocessableEntity, id, errs)
		return
	}
	if err != nil {
		u.fail(w, r, s, err)
		return
	}
	u.flash(w, done)
	http.Redirect(w, r, "/settings/port-outs#account-"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}
