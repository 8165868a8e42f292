package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/portout"
)

// portOutSettingsPage is one account's port-out protection, with its numbers and their lock
// toggles: where the notice email's "lock now" link lands. One account a page, so that a
// parent with many sub-accounts reads one, not all of them at once.
type portOutSettingsPage struct {
	Rows []portOutSettingsRow
	// Accounts are a customer's accounts to choose between (empty when it has one);
	// AccountID is the one shown.
	Accounts  []domain.Account
	AccountID int64
}

type portOutSettingsRow struct {
	S      portout.Settings
	Locked map[string]bool
	Errors map[string]string
}

func (u *ui) portOutSettings(w http.ResponseWriter, r *http.Request, s *session) {
	u.renderPortOutSettings(w, r, s, http.StatusOK, 0, nil)
}

// renderPortOutSettings shows the account a form failed for, else ?account=ID: for the team,
// any account; for a customer, one of its own, and its own account for any other.
func (u *ui) renderPortOutSettings(w http.ResponseWriter, r *http.Request, s *session, status int, failed int64, errs map[string]string) {
	id := failed
	if id == 0 {
		id, _ = strconv.ParseInt(r.URL.Query().Get("account"), 10, 64)
	}
	var page portOutSettingsPage
	accs, err := u.app.Access.Accounts(r.Context(), s.actor)
	if err != nil {
		u.fail(w, r, s, err)
		return
	}
	if !slices.ContainsFunc(accs, func(a domain.Account) bool { return a.ID == id }) {
		// No account asked for (or not one of theirs): a customer's own, the team's first.
		id = s.actor.AccountID
		if s.actor.Staff && len(accs) > 0 && id == 0 {
			id = accs[0].ID
		}
	}
	if id == 0 {
		u.render(w, r, s, http.StatusOK, "error", "Port-out protection", errorPage{Heading: "No accounts yet", Text: "Port-out protection is set per customer account; there is none yet."})
		return
	}
	if len(accs) > 1 {
		page.Accounts = accs
	}
	st, err := u.app.PortOuts.Settings(r.Context(), s.actor, id)
	if err != nil {
		u.fail(w, r, s, err)
		return
	}
	row := portOutSettingsRow{S: st, Locked: map[string]bool{}, Errors: errs}
	for _, l := range st.NumberLocks {
		row.Locked[l.Number] = true
	}
	page.Rows, page.AccountID = []portOutSettingsRow{row}, id
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
	_, err = u.app.PortOuts.UpdateSettings(r.Context(), s.actor, id, portout.SettingsChanges{RecordName: &name, RecordPostcode: &postcode,
		AutoAuthorizeDays: &days})
	u.afterPortOutSetting(w, r, s, id, err, "Port-out settings saved.")
}

// lockPortOuts is the one-click lock (and unlock) of the whole account.
func (u *ui) lockPortOuts(w http.ResponseWriter, r *http.Request, s *session) {
	id := accountIDOf(r, s)
	locked := r.PostFormValue("locked") == "1"
	_, err := u.app.PortOuts.UpdateSettings(r.Context(), s.actor, id, portout.SettingsChanges{Locked: &locked})
	msg := "Port-outs unlocked."
	if locked {
		msg = "Port-outs locked: every port-out of the account is refused until you unlock."
	}
	u.afterPortOutSetting(w, r, s, id, err, msg)
}

func (u *ui) savePortOutPIN(w http.ResponseWriter, r *http.Request, s *session) {
	id := accountIDOf(r, s)
	if r.PostFormValue("remove") == "1" {
		_, err := u.app.PortOuts.RemovePIN(r.Context(), s.actor, id)
		u.afterPortOutSetting(w, r, s, id, err, "Port-out PIN removed.")
		return
	}
	pin := r.PostFormValue("pin")
	if strings.TrimSpace(pin) == "" {
		u.renderPortOutSettings(w, r, s, http.StatusUnprocessableEntity, id, map[string]string{"pin": "Type the new PIN, or remove it."})
		return
	}
	_, err := u.app.PortOuts.SetPIN(r.Context(), s.actor, id, pin)
	u.afterPortOutSetting(w, r, s, id, err, "Port-out PIN saved. Give it only to a provider you are moving to.")
}

func (u *ui) lockNumber(w http.ResponseWriter, r *http.Request, s *session) {
	id := accountIDOf(r, s)
	locked := r.PostFormValue("locked") == "1"
	number := r.PostFormValue("number")
	_, err := u.app.PortOuts.SetNumberLock(r.Context(), s.actor, id, number, locked)
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
	http.Redirect(w, r, "/settings/port-outs?account="+strconv.FormatInt(id, 10), http.StatusSeeOther)
}
