package web

import (
	"net/http"
	"strings"

	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/team"
)

type inventoryPage struct {
	Items      []domain.InventoryNumber
	Status     string
	Number     string
	NextCursor string
	Statuses   []domain.InventoryStatus
	Error      string
}

// inventory is the Numbers page: the numbers the customer has with us (active, on their way
// in or out, released), each with the number it rings on, its SMS state and its request.
func (u *ui) inventory(w http.ResponseWriter, r *http.Request, s *session) {
	q := r.URL.Query()
	p := inventoryPage{Status: q.Get("status"), Number: strings.TrimSpace(q.Get("q")), Statuses: domain.InventoryStatuses}
	f := team.InventoryQuery{Number: p.Number}
	f.Cursor, f.Limit = q.Get("cursor"), 100
	if p.Status != "" && p.Status != "all" {
		f.Statuses = []domain.InventoryStatus{domain.InventoryStatus(p.Status)}
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
