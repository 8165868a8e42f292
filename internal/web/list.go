package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/leadtime"
	"github.com/portdesk/portdesk/internal/portin"
	"github.com/portdesk/portdesk/internal/team"
)

type listPage struct {
	Items      []domain.PortInSummary
	Status     string
	Number     string
	NextCursor string
	Statuses   []domain.Status
	Views      []struct{ Value, Label string }
	Error      string
	// The team's queue: filters, each request's age and flag, the agents' names.
	Assigned    string // "", "me", "nobody"
	Order       string // "", "oldest"
	OverdueOnly bool
	Info        map[int64]team.QueueInfo
	Agents      map[int64]string
	// FOCs are the port dates of the requests that have one, by request: in the time zone of
	// the customer's account for its users (with the zone), the porting zone for the team.
	FOCs map[int64]string
}

func (u *ui) list(w http.ResponseWriter, r *http.Request, s *session) {
	p, f := listFilter(r.URL.Query(), s)
	if p.OverdueOnly {
		cut := u.app.Team.OverdueCut() // read from the database; Queue below refines it
		f.Overdue = &cut
	}
	page, err := u.app.PortIns.List(r.Context(), s.actor, f)
	if err != nil {
		if _, ok := fieldErrors(err); !ok {
			u.fail(w, r, s, err)
			return
		}
		p.Error = "That search is not valid: search by a number, a request number, or part of a name."
	}
	p.Items, p.NextCursor = page.Items, page.NextCursor
	if p.FOCs, err = u.listFOCs(r, s, p.Items); err != nil {
		u.fail(w, r, s, err)
		return
	}
	if s.actor.Staff {
		p.Info, p.Agents = map[int64]team.QueueInfo{}, map[int64]string{}
		team, err := u.app.Access.Users(r.Context(), s.actor, 0)
		if err != nil {
			u.fail(w, r, s, err)
			return
		}
		for _, t := range team {
			p.Agents[t.ID] = t.Name
			if t.Name == "" {
				p.Agents[t.ID] = t.Email
			}
		}
		var kept []domain.PortInSummary
		for _, it := range p.Items {
			info := u.app.Team.Queue(it.PortIn, desk.SummaryCountry(it))
			p.Info[it.ID] = info
			if !p.OverdueOnly || info.Overdue != "" {
				kept = append(kept, it)
			}
		}
		p.Items = kept
	}
	u.render(w, r, s, http.StatusOK, "list", "Port requests", p)
}

// listFilter reads the list's filters from the query: the page and its CSV export share it,
// so the export holds what the page shows.
func listFilter(q url.Values, s *session) (listPage, portin.ListFilter) {
	p := listPage{Status: q.Get("status"), Number: strings.TrimSpace(q.Get("q")), Statuses: domain.Statuses, Views: listViews}
	f := portin.ListFilter{Search: p.Number}
	f.Cursor, f.Limit = q.Get("cursor"), 50
	if s.actor.Staff && p.Status == "" {
		p.Status = "queue" // the team starts on the requests waiting for it
	}
	f.Statuses = listStatuses(p.Status)
	if s.actor.Staff {
		p.Assigned, p.Order, p.OverdueOnly = q.Get("assigned"), q.Get("order"), q.Get("overdue") != ""
		switch p.Assigned {
		case "me":
			f.Assigned = &s.actor.UserID
		case "nobody":
			var none int64
			f.Assigned = &none
		}
		if p.Order == "" {
			p.Order = "oldest" // the queue is worked from its oldest request
		}
		f.OldestFirst = p.Order == "oldest"
	}
	return p, f
}

// queueStatuses are the requests waiting for the team: drafts are the customer's, and ended
// requests and split parents wait for nobody.
var queueStatuses = []domain.Status{domain.StatusSubmitted, domain.StatusInProgress, domain.StatusActionRequired, domain.StatusScheduled}

// listViews are the list's one-click views beside the single statuses.
var listViews = []struct{ Value, Label string }{
	{"queue", "Open"}, {"draft", "Drafts"}, {"ended", "Ended"}, {"split", "Split parents"}, {"all", "All"},
}

// listStatuses turns the status chosen on the list into the statuses it shows; nil is any.
func listStatuses(view string) []domain.Status {
	switch view {
	case "", "all":
		return nil
	case "queue":
		return queueStatuses
	case "open":
		return domain.OpenStatuses
	case "ended":
		return []domain.Status{domain.StatusCompleted, domain.StatusRejected, domain.StatusCancelled}
	}
	return []domain.Status{domain.Status(view)}
}

// bulk applies one action to the ticked requests of the queue: assign them to me or to
// nobody. Each is changed at its current version; one that fails is named, the rest go on.
func (u *ui) bulk(w http.ResponseWriter, r *http.Request, s *session) {
	if !s.actor.Staff {
		u.forbidden(w, r, s)
		return
	}
	if err := r.ParseForm(); err != nil {
		u.fail(w, r, s, err)
		return
	}
	var to int64
	switch r.PostFormValue("action") {
	case "assign_me":
		to = s.actor.UserID
	case "unassign":
	default:
		u.fail(w, r, s, &domain.Error{Code: domain.ErrInvalid, Message: "choose an action"})
		return
	}
	done, failed := 0, []string{}
	for _, raw := range r.PostForm["id"] {
		id, err := strconv.ParseInt(raw, 10, 64)
		if err != nil {
			continue
		}
		v, err := u.app.PortIns.Get(r.Context(), s.actor, id)
		if err == nil {
			_, err = u.app.Team.Assign(r.Context(), s.actor, id, v.Version, to)
		}
		if err != nil {
			failed = append(failed, "#"+raw)
			continue
		}
		done++
	}
	msg := domain.Plural(done, "request") + " updated."
	if len(failed) > 0 {
		msg += " Not changed: " + strings.Join(failed, ", ") + "."
	}
	u.flash(w, msg)
	http.Redirect(w, r, "/?"+r.PostFormValue("back"), http.StatusSeeOther)
}

// listFOCs writes each listed FOC as its reader should read it: a customer in their account's
// time zone, the team in the order's porting zone; either way with the zone named.
func (u *ui) listFOCs(r *http.Request, s *session, items []domain.PortInSummary) (map[int64]string, error) {
	out := map[int64]string{}
	zones := map[int64]*time.Location{}
	if !s.actor.Staff {
		accs, err := u.app.Access.Accounts(r.Context(), s.actor)
		if err != nil {
			return nil, err
		}
		for _, a := range accs {
			zones[a.ID] = desk.AccountZone(a)
		}
	}
	for _, it := range items {
		if it.FOC == nil {
			continue
		}
		zone := zones[it.AccountID]
		if zone == nil {
			zone = leadtime.Zone(string(desk.SummaryCountry(it)))
		}
		out[it.ID] = it.FOC.In(zone).Format("Mon 2 Jan 2006, 15:04 MST")
	}
	return out, nil
}
