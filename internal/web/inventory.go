package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/portdesk/portdesk/internal/csvout"
	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/portin"
	"github.com/portdesk/portdesk/internal/team"
)

type inventoryPage struct {
	Items      []domain.InventoryNumber
	Status     string
	Number     string
	Account    int64 // 0: every account the user sees
	NextCursor string
	Statuses   []domain.InventoryStatus
	Accounts   []domain.Account // offered as a filter when there are several
	Error      string
}

// inventoryFilter reads the Numbers page's filters: the page and its CSV export share it, so
// the file holds what the page shows.
func inventoryFilter(q url.Values) (inventoryPage, team.InventoryQuery) {
	p := inventoryPage{Status: q.Get("status"), Number: strings.TrimSpace(q.Get("q")), Statuses: domain.InventoryStatuses}
	p.Account, _ = strconv.ParseInt(q.Get("account"), 10, 64)
	f := team.InventoryQuery{Number: p.Number}
	f.AccountID = p.Account
	if p.Status != "" && p.Status != "all" {
		f.Statuses = []domain.InventoryStatus{domain.InventoryStatus(p.Status)}
	}
	return p, f
}

// inventory is the Numbers page: the numbers the customer has with us (active, on their way
// in or out, released), each with the number it rings on, its SMS state and its request.
func (u *ui) inventory(w http.ResponseWriter, r *http.Request, s *session) {
	p, f := inventoryFilter(r.URL.Query())
	f.Cursor, f.Limit = r.URL.Query().Get("cursor"), 100
	accs, err := u.app.Access.Accounts(r.Context(), s.actor)
	if err != nil {
		u.fail(w, r, s, err)
		return
	}
	if len(accs) > 1 {
		p.Accounts = accs
	}
	page, err := u.app.Team.Inventory(r.Context(), s.actor, f)
	if err != nil {
		if _, ok := fieldErrors(err); !ok {
			u.fail(w, r, s, err)
			return
		}
		p.Error = "That search is not valid: search by a number or some of its digits, and choose a status from the list."
	}
	p.Items, p.NextCursor = page.Items, page.NextCursor
	u.render(w, r, s, http.StatusOK, "numbers", "Numbers", &p)
}

// exportInventory downloads the Numbers page as CSV with the page's filters, one row per
// number with its status, its request and that request's FOC, a page at a time.
func (u *ui) exportInventory(w http.ResponseWriter, r *http.Request, s *session) {
	_, f := inventoryFilter(r.URL.Query())
	f.Limit = 200
	page, err := u.app.Team.Inventory(r.Context(), s.actor, f) // read first: a bad filter is still a page
	if err != nil {
		u.fail(w, r, s, err)
		return
	}
	accs, err := u.app.Access.Accounts(r.Context(), s.actor)
	if err != nil {
		u.fail(w, r, s, err)
		return
	}
	byID := map[int64]domain.Account{}
	for _, a := range accs {
		byID[a.ID] = a
	}
	h := w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="numbers.csv"`)
	h.Set("Cache-Control", "private, no-store")
	cw := csvout.NewWriter(w)
	if cw.Write([]string{"Number", "Status", "Account", "Rings on", "Tracking source", "SMS", "Request", "Request status", "FOC"}) != nil {
		return
	}
	requests := map[int64]*domain.PortInSummary{}
	for {
		for _, n := range page.Items {
			req, status, foc := "", "", ""
			if n.PortInID != 0 {
				sum, ok := requests[n.PortInID]
				if !ok {
					found, err := u.app.PortIns.List(r.Context(), s.actor, portin.ListFilter{Search: "#" + strconv.FormatInt(n.PortInID, 10)})
					if err != nil {
						u.log.ErrorContext(r.Context(), "numbers export broke off", "port_in", n.PortInID, "err", err)
						return // the headers are sent: a cut file is all that can be said
					}
					for i := range found.Items {
						if found.Items[i].ID == n.PortInID {
							sum = &found.Items[i]
						}
					}
					requests[n.PortInID] = sum
				}
				req = strconv.FormatInt(n.PortInID, 10)
				if sum != nil {
					status = sum.Status.Label()
					if sum.FOC != nil {
						// In the account's time zone, with its offset: what the page says, and exact.
						foc = sum.FOC.In(desk.AccountZone(byID[n.AccountID])).Format(time.RFC3339)
					}
				}
			}
			if cw.Write([]string{n.Number, n.Status.Label(), byID[n.AccountID].Name, n.ReceivingNumber, n.TrackingSource, n.SMS.Label(), req, status, foc}) != nil {
				return
			}
		}
		if page.NextCursor == "" {
			break
		}
		f.Cursor = page.NextCursor
		if page, err = u.app.Team.Inventory(r.Context(), s.actor, f); err != nil {
			u.log.ErrorContext(r.Context(), "numbers export broke off", "err", err)
			return
		}
	}
	_ = cw.Flush()
}
