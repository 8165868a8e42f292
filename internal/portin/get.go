package portin

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/domain"
)

// View is a request with its numbers.
type View struct {
	domain.PortIn
	Numbers []domain.PortNumber
	Account domain.Account
	// Missing lists what must still be filled in before submitting (empty once complete);
	// shown while the request is editable so the customer sees it before pressing submit.
	Missing []domain.FieldError
	// Allowed are the statuses the actor may move the request to now.
	Allowed []domain.Status
	// Plan is the numbers' checks, orders, lead time and quote; computed while the request
	// is editable (the checklist needs it), nil otherwise: ask Plan.
	Plan *RequestPlan
	// Paperwork is the letters and documents, computed with Plan.
	Paperwork *Paperwork
	// SMS is each ported number's SMS state, once the port completed: SMS follows voice by a
	// few business days on numbers other than mobiles.
	SMS map[string]domain.SMSStatus
}

// Get returns a request the actor may see, with its numbers.
func (s *Service) Get(ctx context.Context, a domain.Actor, id int64) (View, error) {
	p, err := s.visible(ctx, s.desk.Store, a, id)
	if err != nil {
		return View{}, err
	}
	ns, err := s.desk.Store.PortInNumbers(ctx, id)
	if err != nil {
		return View{}, err
	}
	acc, err := s.desk.Store.Account(ctx, p.AccountID)
	if err != nil {
		return View{}, err
	}
	v := View{PortIn: p, Numbers: ns, Account: acc, Allowed: Moves(p.Status, a.Party())}
	if p.Status == domain.StatusCompleted {
		numbers := make([]string, len(ns))
		for i, n := range ns {
			numbers[i] = n.Number
		}
		inv, err := s.desk.Store.InventoryByNumbers(ctx, numbers)
		if err != nil {
			return View{}, err
		}
		v.SMS = map[string]domain.SMSStatus{}
		for n, e := range inv {
			if e.AccountID == p.AccountID {
				v.SMS[n] = e.SMS
			}
		}
	}
	if p.Status.Editable() {
		rp, err := s.planFor(ctx, s.desk.Store, a, p, ns)
		if err != nil {
			return View{}, err
		}
		m := domain.Validation{Fields: s.missing(p, ns)}
		submissionProblems(rp, &m)
		pw, err := s.paperwork(ctx, s.desk.Store, p, ns, rp)
		if err != nil {
			return View{}, err
		}
		v.Missing = append(m.Fields, pw.Missing...)
		v.Plan, v.Paperwork = &rp, &pw
	}
	return v, nil
}

// ListFilter selects requests for a list.
type ListFilter struct {
	Statuses  []domain.Status
	AccountID int64  // 0: every visible account; else that account and its sub-accounts
	Number    string // a number in any format, or digits of one
	Cursor    string // from the previous page
	Limit     int    // default 50, at most 200
	// The team's queue: by agent (a user ID, 0 for nobody), oldest first.
	Assigned    *int64
	OldestFirst bool
}

// Page is one page of requests; NextCursor is empty on the last page.
type Page struct {
	Items      []domain.PortInSummary
	NextCursor string
}

// List lists the requests the actor may see, newest first.
func (s *Service) List(ctx context.Context, a domain.Actor, f ListFilter) (Page, error) {
	sc, err := s.desk.ScopeOf(ctx, s.desk.Store, a)
	if err != nil {
		return Page{}, err
	}
	var v domain.Validation
	for i, st := range f.Statuses {
		if !st.Valid() {
			v.Add("status", "invalid", "Unknown status "+strconv.Quote(string(f.Statuses[i]))+".")
		}
	}
	q := domain.PortInFilter{AccountIDs: []int64(sc), Statuses: f.Statuses, Limit: f.Limit, Assigned: f.Assigned, OldestFirst: f.OldestFirst}
	if f.AccountID != 0 {
		if !sc.Sees(f.AccountID) {
			return Page{Items: []domain.PortInSummary{}}, nil
		}
		sub, err := s.desk.Store.AccountSubtree(ctx, f.AccountID)
		if err != nil {
			return Page{}, err
		}
		q.AccountIDs = sub
	}
	if n := strings.TrimSpace(f.Number); n != "" {
		if parsed, err := s.desk.Numbers.Parse(n, s.countryOf(ctx, a)); err == nil {
			q.Number = parsed.E164
		} else {
			q.Number = strings.Map(func(r rune) rune {
				if r >= '0' && r <= '9' {
					return r
				}
				return -1
			}, n)
			if q.Number == "" {
				v.Add("number", "invalid", "Search by a number or some of its digits.")
			}
		}
	}
	if f.Cursor != "" {
		id := desk.ReadCursor(f.Cursor, &v)
		if f.OldestFirst {
			q.AfterID = id
		} else {
			q.BeforeID = id
		}
	}
	if q.Limit <= 0 {
		q.Limit = 50
	}
	if q.Limit > 200 {
		v.Add("limit", "too_large", "Ask for at most 200 requests a page.")
	}
	if err := v.Err(domain.ErrInvalid, "the filter is not valid"); err != nil {
		return Page{}, err
	}
	q.Limit++ // one more tells whether there is a next page
	items, err := s.desk.Store.ListPortIns(ctx, q)
	if err != nil {
		return Page{}, err
	}
	page := Page{Items: items}
	if len(items) == q.Limit {
		page.Items = items[:q.Limit-1]
		page.NextCursor = desk.Cursor(page.Items[len(page.Items)-1].ID)
	}
	if page.Items == nil {
		page.Items = []domain.PortInSummary{}
	}
	return page, nil
}

// countryOf is the country in which the actor's national-format numbers are read.
func (s *Service) countryOf(ctx context.Context, a domain.Actor) domain.Country {
	if a.AccountID != 0 {
		if acc, err := s.desk.Store.Account(ctx, a.AccountID); err == nil {
			return acc.Country
		}
	}
	return domain.CountryGB
}

func itoa(i int) string { return strconv.Itoa(i) }

// Moves are the statuses a party may move a request to with a plain transition. Scheduling
// is not one of them: it has its own action, because the FOC date is what scheduled means.
func Moves(from domain.Status, party domain.Party) []domain.Status {
	return slices.DeleteFunc(domain.AllowedTransitions(from, party), func(st domain.Status) bool { return st == domain.StatusScheduled })
}
