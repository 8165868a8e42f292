package portin

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/ranges"
)

// View is a request with a page of its numbers.
type View struct {
	domain.PortIn
	// Numbers is the page of the request's numbers asked for (the first, unless asked
	// otherwise); NumberCount counts them all, NextCursor reads the next page.
	Numbers     []domain.PortNumber
	NumberCount int
	NextCursor  string
	Account     domain.Account
	// Missing lists what must still be filled in before submitting (empty once complete);
	// shown while the request is editable so the customer sees it before pressing submit.
	Missing []domain.FieldError
	// Allowed are the statuses the actor may move the request to now.
	Allowed []domain.Status
	// Plan is the numbers' checks, orders, lead time and quote; computed while the request
	// is editable (the checklist needs it), nil otherwise: ask Plan. Its Checks are those of
	// the page's numbers only: the orders and the quote count them all.
	Plan *RequestPlan
	// Paperwork is the letters and documents, computed with Plan.
	Paperwork *Paperwork
	// SMS is the SMS state of each of the page's ported numbers, once the port completed: SMS
	// follows voice by a few business days on numbers other than mobiles.
	SMS map[string]domain.SMSStatus
	// PAC is the PAC entered for the request's UK mobile order (or for the request it was
	// split from), or nil.
	PAC *domain.PAC
	// Country is whose porting rules, calendar and time zone the request's dates follow
	// (desk.RequestCountry), which need not be the account's.
	Country domain.Country
	// Ported is what went live, when and by whom, once some numbers have.
	Ported []PortedNumbers
	keep   Keep // what it may be kept by beyond its account's list version (Keep)
}

// Keep is what a view may be kept by beyond its account's list version: for an editable
// request's view, whose plan reads the date and the range data too, the time the plan
// stands until (the next minute, when a lead time's cut-off or a day may pass, or a
// carrier's answer ages out, whichever is first) and the range data it was worked out from
// (reloaded when the register files change). What else the plan reads (carriers,
// agreements, prices, the inventory and carriers' answers for its numbers) moves the
// version (domain.PortInStamp).
type Keep struct {
	Until  time.Time     // zero: the view shows no plan
	ranges *ranges.Index // the range data the plan was worked out from
}

// Keep reports whether v may be kept, and by what, beyond its account's list version:
// everything else in v was read from the request's own rows (the request, its numbers, its
// PACs and its parent's, its papers, the events that say which numbers went live, its
// account) or by its plan, each write to which moves that version (domain.Subtree.ListVersions)
// in its transaction. Not with SMS states (read once the port completed), which are the
// inventory's, changed by a port-out or a job.
func (v View) Keep() (Keep, bool) {
	if v.SMS != nil {
		return Keep{}, false
	}
	return v.keep, true
}

// Stands reports whether a view kept by k (View.Keep), at the account version it was read
// at, still stands now: its plan's minute has not passed and the range data it was worked
// out from is still in use.
func (s *Service) Stands(k Keep) bool {
	return k.Until.IsZero() || (s.desk.Now().Before(k.Until) && s.checker.Ranges().InUse() == k.ranges)
}

// Stamp reads the stamp of a request the actor may see: for a reader who would keep what
// it reads, which the team's sign-in read no versions for (its scope is every account).
func (s *Service) Stamp(ctx context.Context, a domain.Actor, id int64) (_ domain.PortInStamp, err error) {
	defer Kind.Wrap(&err, "get", id)
	return desk.Visible(ctx, s.desk, s.desk.Store, a, Kind.Name, func() (domain.PortInStamp, error) {
		return s.desk.Store.PortInStamp(ctx, id)
	}, func(st domain.PortInStamp) int64 { return st.AccountID })
}

// Get returns a request the actor may see, with the first page of its numbers.
func (s *Service) Get(ctx context.Context, a domain.Actor, id int64) (View, error) {
	return s.GetPage(ctx, a, id, NumbersQuery{})
}

// GetPage returns a request the actor may see, with the page of its numbers q asks for.
// What is worked out from all its numbers (the country, the plan, the letters, what is
// missing) is read under the bound on whole-request reads, and only the page's share of it
// is kept: the reader holds a page, not the request.
func (s *Service) GetPage(ctx context.Context, a domain.Actor, id int64, q NumbersQuery) (_ View, err error) {
	defer Kind.Wrap(&err, "get", id)
	p, scope, err := s.frame.VisibleScoped(ctx, s.desk.Store, a, id)
	if err != nil {
		return View{}, err
	}
	page, err := s.numbersPage(ctx, s.desk.Store, id, q)
	if err != nil {
		return View{}, err
	}
	// A customer's request in their own account: the account was read with the actor.
	acc, ok := a.Subtree.AccountFor(p.AccountID)
	if !ok {
		if acc, err = s.desk.Store.Account(ctx, p.AccountID); err != nil {
			return View{}, err
		}
	}
	v := View{PortIn: p, Numbers: page.Items, NumberCount: page.Count, NextCursor: page.NextCursor, Account: acc, Allowed: Moves(p.Status, a.Party())}
	if q.Status != "" {
		// The count is of the status asked for; the request's own is of every number.
		if v.NumberCount, err = s.desk.Store.CountPortInNumbers(ctx, id, ""); err != nil {
			return View{}, err
		}
	}
	// The first page of every number, when it holds them all, is all of them.
	var all []domain.PortNumber
	if q.Cursor == "" && q.Status == "" && page.NextCursor == "" && len(page.Items) == v.NumberCount {
		all = slices.Clone(page.Items)
	}
	if mayHavePAC(p, all) {
		if v.PAC, err = pacOf(ctx, s.desk.Store, p); err != nil {
			return View{}, err
		}
	}
	if v.SMS, err = s.smsOf(ctx, p, page.Items); err != nil {
		return View{}, err
	}
	k := known{account: &v.Account}
	if !a.Staff && a.AccountID == p.AccountID {
		k.tree = scope // the actor's scope is the subtree of the request's account
	}
	err = s.whole(ctx, v.NumberCount, func() error { return s.fromAllNumbers(ctx, &v, all, k) })
	return v, err
}

// smsOf is the SMS state of each of ns once p completed (nil before).
func (s *Service) smsOf(ctx context.Context, p domain.PortIn, ns []domain.PortNumber) (map[string]domain.SMSStatus, error) {
	if p.Status != domain.StatusCompleted {
		return nil, nil
	}
	numbers := make([]string, len(ns))
	for i, n := range ns {
		numbers[i] = n.Number
	}
	inv, err := s.desk.Store.InventoryByNumbers(ctx, numbers)
	if err != nil {
		return nil, err
	}
	sms := map[string]domain.SMSStatus{}
	for n, e := range inv {
		if e.AccountID == p.AccountID {
			sms[n] = e.SMS
		}
	}
	return sms, nil
}

// fromAllNumbers fills in what v needs all of the request's numbers for, keeping the plan's
// checks of the page's numbers only. ns are all the numbers when the caller has them
// already (nil: read here); k is what it has read of the request's account.
func (s *Service) fromAllNumbers(ctx context.Context, v *View, ns []domain.PortNumber, k known) error {
	p := v.PortIn
	if ns == nil {
		var err error
		if ns, err = allNumbers(ctx, s.desk.Store, p.ID, v.NumberCount); err != nil {
			return err
		}
	}
	v.Country = desk.RequestCountry(v.Account, p, porting(ns))
	if slices.ContainsFunc(ns, func(n domain.PortNumber) bool { return n.Status == domain.NumberPorted }) {
		stored, err := s.desk.Store.Events(ctx, domain.PortInSubject(p.ID))
		if err != nil {
			return err
		}
		v.Ported = portedFrom(domain.EventsAs[domain.Status](stored), ns)
	}
	if !p.Status.Editable() {
		return nil
	}
	// The range data in use is taken before the plan, so that a view is never kept by data
	// newer than it was worked out from.
	now, in := s.desk.Now(), s.checker.Ranges().InUse()
	rp, err := s.planKnown(ctx, s.desk.Store, p, ns, now, k)
	if err != nil {
		return err
	}
	v.keep = Keep{Until: standsUntil(rp.Checks, now), ranges: in}
	m := domain.Validation{Fields: s.missing(p, ns, rp.Plan.Orders)}
	submissionProblems(rp, &m)
	// p was read just now, with its count of papers: most drafts have none to read.
	pp, err := papersOf(ctx, s.desk.Store, p)
	if err != nil {
		return err
	}
	pw, err := s.paperworkFrom(ctx, s.desk.Store, p, ns, rp, pp)
	if err != nil {
		return err
	}
	v.Missing = append(m.Fields, pw.Missing...)
	rp.Checks = pageChecks(rp.Checks, v.Numbers)
	v.Plan, v.Paperwork = &rp, &pw
	return nil
}

// standsUntil is when a plan worked out at now may next differ with nothing else changed:
// the next minute (a lead time's cut-off hour, a business day and a PAC's expiry all turn
// on a minute), or a carrier's answer aging out, if sooner.
func standsUntil(checks []domain.Check, now time.Time) time.Time {
	until := now.Truncate(time.Minute).Add(time.Minute)
	for _, c := range checks {
		if c.Carrier != nil {
			if end := c.Carrier.AskedAt.Add(domain.CarrierFactsFor); end.Before(until) {
				until = end
			}
		}
	}
	return until
}

// pageChecks is the checks of the page's numbers, in a slice of their own so that the
// others can go.
func pageChecks(checks []domain.Check, page []domain.PortNumber) []domain.Check {
	on := make(map[string]bool, len(page))
	for _, n := range page {
		on[n.Number] = true
	}
	out := []domain.Check{}
	for _, c := range checks {
		if on[c.E164] {
			out = append(out, c)
		}
	}
	return out
}

// ListFilter selects requests for a list.
type ListFilter struct {
	desk.ListQuery[domain.Status]
	Number string // a number in any format, or digits of one
	// Search is the queue's one box: a number in any format, a request ID ("123" or "#123"),
	// or part of the customer's, account's or losing provider's name.
	Search string
	// The team's queue: by agent (a user ID, 0 for nobody), oldest first.
	Assigned    *int64
	OldestFirst bool
	Overdue     *domain.OverdueCut // only those that may be overdue (team.Service.OverdueCut)
}

// Page is one page of requests.
type Page = desk.Page[domain.PortInSummary]

// List lists the requests the actor may see, newest first (the queue: oldest first).
func (s *Service) List(ctx context.Context, a domain.Actor, f ListFilter) (_ Page, err error) {
	defer desk.Wrap(&err, "list port-ins")
	var number string
	check := func(v *domain.Validation) {
		number = s.desk.SearchNumber(ctx, v, a, "number", v.Text("number", f.Number, domain.ShortText))
	}
	var id int64
	var text string
	if f.Search != "" {
		check = func(v *domain.Validation) {
			number, id, text = s.search(ctx, a, v.Text("q", f.Search, domain.ShortText))
		}
	}
	read := func(sl desk.Slice) ([]domain.PortInSummary, error) {
		q := domain.PortInFilter{AccountIDs: sl.AccountIDs, Statuses: f.Statuses, Number: number, ID: id, Text: text, Limit: sl.Limit, Assigned: f.Assigned,
			OldestFirst: f.OldestFirst, Overdue: f.Overdue, Brief: true}
		if f.OldestFirst {
			q.AfterID = sl.After
		} else {
			q.BeforeID = sl.After
		}
		return s.desk.Store.ListPortIns(ctx, q)
	}
	return desk.List(ctx, s.desk, a, f.ListQuery, check, read, func(p domain.PortInSummary) int64 { return p.ID })
}

// search reads what was typed in the queue's box: a number the numbering package can read
// (national, E.164, with spaces, dashes or brackets) is searched as its E.164; "#123" is a
// request ID; bare digits are a request ID or digits of a number; anything else is a name.
func (s *Service) search(ctx context.Context, a domain.Actor, typed string) (number string, id int64, text string) {
	typed = strings.TrimSpace(typed)
	if typed == "" {
		return "", 0, ""
	}
	if rest, ok := strings.CutPrefix(typed, "#"); ok {
		if n, err := strconv.ParseInt(strings.TrimSpace(rest), 10, 64); err == nil && n > 0 {
			return "", n, ""
		}
	}
	if parsed, err := s.desk.Numbers.Parse(typed, s.desk.CountryOf(ctx, a)); err == nil {
		return parsed.E164, 0, ""
	}
	digits := strings.Map(func(r rune) rune {
		switch {
		case r >= '0' && r <= '9':
			return r
		case strings.ContainsRune(" -()+.", r):
			return -1
		}
		return 'x'
	}, typed)
	if digits != "" && !strings.Contains(digits, "x") {
		if n, err := strconv.ParseInt(digits, 10, 64); err == nil && n > 0 && digits == strings.TrimSpace(typed) {
			id = n
		}
		return digits, id, ""
	}
	return "", 0, typed
}

// countryOf is the country in which the actor's national-format numbers are read.
func itoa(i int) string { return strconv.Itoa(i) }

// Moves are the statuses a party may move a request to with a plain transition. Scheduling
// is not one of them: it has its own action, because the FOC date is what scheduled means.
func Moves(from domain.Status, party domain.Party) []domain.Status {
	return slices.DeleteFunc(domain.AllowedTransitions(from, party), func(st domain.Status) bool { return st == domain.StatusScheduled })
}
