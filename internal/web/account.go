package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/portdesk/portdesk/internal/access"
	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/leadtime"
)

// accountPage is the customer's Account settings: each account the user sees, with the
// time zone its dates are shown in; admins change it.
type accountPage struct {
	Rows    []accountRow
	CanEdit bool
	Zones   []string // suggestions for the zone box
}

type accountRow struct {
	Account domain.Account
	Zone    string // the zone in use
	Default string // the country's porting zone
	Typed   string // the box's value
	Error   string
}

// commonZones are offered in the box (any IANA name is accepted): the operator's countries'.
var commonZones = []string{"Europe/London", "America/New_York", "America/Chicago", "America/Denver", "America/Phoenix",
	"America/Los_Angeles", "America/Anchorage", "Pacific/Honolulu", "America/Puerto_Rico", "America/St_Johns", "America/Halifax",
	"America/Toronto", "America/Winnipeg", "America/Regina", "America/Edmonton", "America/Vancouver", "Europe/Dublin", "UTC"}

func (u *ui) accountSettings(w http.ResponseWriter, r *http.Request, s *session) {
	u.renderAccount(w, r, s, http.StatusOK, 0, "", "")
}

// renderAccount shows the page; failed names the account whose change was refused.
func (u *ui) renderAccount(w http.ResponseWriter, r *http.Request, s *session, status int, failed int64, typed, msg string) {
	if s.actor.Staff || s.actor.AccountID == 0 {
		u.render(w, r, s, http.StatusForbidden, "error", "Not here", errorPage{Heading: "Customers' settings are in the API",
			Text: "The porting team changes an account's time zone with PATCH /api/v1/accounts/{id}."})
		return
	}
	accs, err := u.app.Access.Accounts(r.Context(), s.actor)
	if err != nil {
		u.fail(w, r, s, err)
		return
	}
	page := accountPage{CanEdit: s.actor.Role == domain.RoleAdmin, Zones: commonZones}
	for _, acc := range accs {
		row := accountRow{Account: acc, Zone: desk.AccountZone(acc).String(), Default: leadtime.Zone(string(acc.Country)).String(), Typed: acc.TimeZone}
		if acc.ID == failed {
			row.Typed, row.Error = typed, msg
		}
		// The user's own account first, then the ones below it.
		if acc.ID == s.actor.AccountID {
			page.Rows = append([]accountRow{row}, page.Rows...)
		} else {
			page.Rows = append(page.Rows, row)
		}
	}
	u.render(w, r, s, status, "account", "Account", page)
}

func (u *ui) saveAccountSettings(w http.ResponseWriter, r *http.Request, s *session) {
	id, err := strconv.ParseInt(r.PostFormValue("account_id"), 10, 64)
	if err != nil || id <= 0 {
		id = s.actor.AccountID
	}
	zone := strings.TrimSpace(r.PostFormValue("time_zone"))
	acc, err := u.app.Access.UpdateAccount(r.Context(), s.actor, id, access.AccountChanges{TimeZone: &zone})
	if errs, ok := fieldErrors(err); ok && errs["time_zone"] != "" {
		u.renderAccount(w, r, s, http.StatusUnprocessableEntity, id, zone, errs["time_zone"])
		return
	}
	if err != nil {
		u.fail(w, r, s, err)
		return
	}
	u.flash(w, acc.Name+": dates now show in "+desk.AccountZone(acc).String()+".")
	http.Redirect(w, r, "/settings/account", http.StatusSeeOther)
}
