package web

import (
	"net/http"
	"strings"

	"github.com/portdesk/portdesk/desk"
	"github.com/portdesk/portdesk/domain"
)

type listPage struct {
	Items      []domain.PortInSummary
	Status     string
	Number     string
	NextCursor string
	Statuses   []domain.Status
	Error      string
}

func (u *ui) list(w http.ResponseWriter, r *http.Request, s *session) {
	q := r.URL.Query()
	p := listPage{Status: q.Get("status"), Number: strings.TrimSpace(q.Get("q")), Statuses: domain.Statuses}
	f := desk.ListFilter{Number: p.Number, Cursor: q.Get("cursor"), Limit: 50}
	switch p.Status {
	case "", "all":
	case "open":
		f.Statuses = domain.OpenStatuses
	default:
		f.Statuses = []domain.Status{domain.Status(p.Status)}
	}
	page, err := u.svc.ListPortIns(r.Context(), s.actor, f)
	if err != nil {
		if _, ok := fieldErrors(err); !ok {
			u.fail(w, r, s, err)
			return
		}
		p.Error = "That search is not valid: search by a number or some of its digits."
	}
	p.Items, p.NextCursor = page.Items, page.NextCursor
	u.render(w, r, s, http.StatusOK, "list", "Port requests", p)
}
