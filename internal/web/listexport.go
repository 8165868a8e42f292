package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/portdesk/portdesk/internal/csvout"
	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/portin"
)

// exportList downloads the list as CSV, one row per number, with the filters of the page.
// It reads a page of requests and a page of numbers at a time and writes as it goes, so a
// long list never sits in memory whole.
func (u *ui) exportList(w http.ResponseWriter, r *http.Request, s *session) {
	_, f := listFilter(r.URL.Query(), s)
	overdueOnly := s.actor.Staff && r.URL.Query().Get("overdue") != ""
	if overdueOnly {
		cut := u.app.Team.OverdueCut()
		f.Overdue = &cut
	}
	f.Cursor, f.Limit = "", 200
	// The first page is read before anything is written, so a bad filter is still a page.
	page, err := u.app.PortIns.List(r.Context(), s.actor, f)
	if err != nil {
		u.fail(w, r, s, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="port-requests.csv"`)
	h.Set("Cache-Control", "private, no-store")
	cw := csvout.NewWriter(w)
	head := []string{"Request", "Number", "Number status", "Request status", "Customer", "Losing provider", "Desired date", "FOC"}
	if s.actor.Staff {
		head = append(head, "Account")
	}
	if cw.Write(head) != nil {
		return
	}
	day := func(t *time.Time) string {
		if t == nil {
			return ""
		}
		return t.UTC().Format("2006-01-02")
	}
	for {
		for _, it := range page.Items {
			if overdueOnly && u.app.Team.Queue(it.PortIn, desk.SummaryCountry(it)).Overdue == "" {
				continue
			}
			q := portin.NumbersQuery{Limit: portin.MaxNumbersPage}
			for {
				ns, err := u.app.PortIns.Numbers(r.Context(), s.actor, it.ID, q)
				if err != nil {
					u.log.ErrorContext(r.Context(), "list export broke off", "port_in", it.ID, "err", err)
					return // the headers are sent: a cut file is all that can be said
				}
				for _, n := range ns.Items {
					row := []string{strconv.FormatInt(it.ID, 10), n.Number, numberLabel(n.Status), it.Status.Label(), it.CustomerName, it.LosingProvider,
						day(it.DesiredDate), day(it.FOC)}
					if s.actor.Staff {
						row = append(row, it.AccountName)
					}
					if cw.Write(row) != nil {
						return
					}
				}
				if q.Cursor = ns.NextCursor; q.Cursor == "" {
					break
				}
			}
		}
		if f.Cursor = page.NextCursor; f.Cursor == "" {
			break
		}
		if page, err = u.app.PortIns.List(r.Context(), s.actor, f); err != nil {
			u.log.ErrorContext(r.Context(), "list export broke off", "err", err)
			return
		}
	}
	_ = cw.Flush()
}

func numberLabel(st domain.NumberStatus) string { return st.Label() }
