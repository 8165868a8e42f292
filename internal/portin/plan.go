package portin

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/portdesk/portdesk/internal/billing"
	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/leadtime"
	"github.com/portdesk/portdesk/internal/portability"
)

// RequestPlan is everything the portability checks say about a request: each number's
// check, the orders it becomes, lead times, the quote, and the orders it was split into.
type RequestPlan struct {
	Checks   []domain.Check
	Plan     portability.Plan
	Children []domain.PortInSummary
	// Rollup counts the split orders by status (the parent's view of its children).
	Rollup map[domain.Status]int
	// DesiredDateProblem says why the desired date cannot be asked for, or is empty.
	DesiredDateProblem string
	QuoteAccepted      bool // the quote held to is the one accepted (billing.HeldQuote), or nothing is owed
}

// Plan checks a request's numbers afresh: the answer follows every change to the
// request, its numbers, the range data and the agreements.
func (s *Service) Plan(ctx context.Context, a domain.Actor, id int64) (_ RequestPlan, err error) {
	defer Kind.Wrap(&err, "plan", id)
	return s.plan(ctx, a, id, nil)
}

// PlanOfPage is Plan keeping the checks of page's numbers only (the orders, the quote and
// what is set aside still count every number): what a page of the request shows, without
// holding every number's check once the plan is made.
func (s *Service) PlanOfPage(ctx context.Context, a domain.Actor, id int64, page []domain.PortNumber) (_ RequestPlan, err error) {
	defer Kind.Wrap(&err, "plan", id)
	if page == nil {
		page = []domain.PortNumber{}
	}
	return s.plan(ctx, a, id, page)
}

// plan is Plan; when page is not nil, with the checks of its numbers only.
func (s *Service) plan(ctx context.Context, a domain.Actor, id int64, page []domain.PortNumber) (RequestPlan, error) {
	p, err := s.frame.Visible(ctx, s.desk.Store, a, id)
	if err != nil {
		return RequestPlan{}, err
	}
	count, err := s.desk.Store.CountPortInNumbers(ctx, id, "")
	if err != nil {
		return RequestPlan{}, err
	}
	var rp RequestPlan
	if err := s.whole(ctx, count, func() error {
		ns, err := allNumbers(ctx, s.desk.Store, id, count)
		if err != nil {
			return err
		}
		rp, err = s.planFor(ctx, s.desk.Store, a, p, ns)
		if page != nil {
			rp.Checks = pageChecks(rp.Checks, page)
		}
		return err
	}); err != nil {
		return rp, err
	}
	if rp.Children, err = s.desk.Store.ListPortIns(ctx, domain.PortInFilter{ParentID: id, Limit: 1000}); err != nil {
		return rp, err
	}
	rp.Rollup = map[domain.Status]int{}
	for _, c := range rp.Children {
		rp.Rollup[c.Status]++
	}
	return rp, nil
}

// planFor checks the numbers a request still ports (set-aside numbers are out of it).
func (s *Service) planFor(ctx context.Context, q domain.Queries, a domain.Actor, p domain.PortIn, ns []domain.PortNumber) (RequestPlan, error) {
	return s.planAt(ctx, q, p, ns, s.desk.Now())
}

// planAt is planFor with lead times counted from now: the plan as quoted at another time.
func (s *Service) planAt(ctx context.Context, q domain.Queries, p domain.PortIn, ns []domain.PortNumber, now time.Time) (RequestPlan, error) {
	return s.planKnown(ctx, q, p, ns, now, known{})
}

// planKnown is planAt with what the caller has read already of the request's account.
func (s *Service) planKnown(ctx context.Context, q domain.Queries, p domain.PortIn, ns []domain.PortNumber, now time.Time, k known) (RequestPlan, error) {
	var rp RequestPlan
	c, err := s.newCheckerKnown(ctx, q, desk.System(), CheckRequest{AccountID: p.AccountID, LosingProvider: p.LosingProvider, PortInID: p.ID}, k)
	if err != nil {
		return rp, err
	}
	raws := make([]string, 0, len(ns))
	for _, n := range ns {
		if n.Status != domain.NumberSetAside {
			raws = append(raws, n.Number)
		}
		if n.Status == domain.NumberPorted {
			if c.ported == nil {
				c.ported = map[string]bool{}
			}
			c.ported[n.Number] = true
		}
	}
	// Sized once: grown by append, 100,000 checks would be copied over and over.
	if len(raws) > 0 {
		rp.Checks = make([]domain.Check, 0, len(raws))
	}
	for start := 0; start < len(raws); start += checkBatchSize {
		batch, err := c.check(ctx, raws[start:min(start+checkBatchSize, len(raws))])
		if err != nil {
			return rp, err
		}
		rp.Checks = append(rp.Checks, batch...)
	}
	prices, err := s.billing.Prices(ctx, q)
	if err != nil {
		return rp, err
	}
	partialBTN := ""
	if p.PortType == domain.PortPartial {
		partialBTN = p.BTN
	}
	rp.Plan = portability.MakePlan(rp.Checks, portability.PlanInput{LosingProvider: p.LosingProvider, Now: now, Prices: prices,
		Agreements: c.agreements, MultiLine: p.LineType == domain.MultiLine, DDI: ddiOf(p.DDI), PartialBTN: partialBTN})
	rp.DesiredDateProblem = desiredDateProblem(p, rp.Plan, now)
	rp.Plan.Quote, rp.QuoteAccepted = billing.HeldQuote(p.QuoteAcceptance, rp.Plan.Quote)
	return rp, nil
}

func ddiOf(d domain.DDIRange) leadtime.DDI {
	switch d {
	case domain.DDIWhole:
		return leadtime.WholeDDI
	case domain.DDIPart:
		return leadtime.PartOfDDI
	}
	return leadtime.NoDDI
}

// desiredDateProblem checks the desired date against every order's lead time.
func desiredDateProblem(p domain.PortIn, plan portability.Plan, now time.Time) string {
	if p.DesiredDate == nil || p.DesiredDate.Before(today(now)) {
		// A date that has passed is said once, as passed (missing), not also as too early.
		return ""
	}
	for _, o := range plan.Orders {
		if o.LeadTime == nil {
			continue
		}
		if err := leadtime.CheckDesired(o.Country, *p.DesiredDate, now, *o.LeadTime); err != nil {
			if len(plan.Orders) > 1 {
				return fmt.Sprintf("For the order from %s: %v.", desk.OrDefault(o.Provider, "the losing provider"), err)
			}
			return strings.ToUpper(err.Error()[:1]) + err.Error()[1:] + "."
		}
	}
	return ""
}

// submissionProblems adds what the checks find to the fields missing at submission: a
// desired date the lead time rules out, a quote not accepted, no portable number at all.
func submissionProblems(rp RequestPlan, v *domain.Validation) {
	if rp.DesiredDateProblem != "" {
		v.Add("desired_date", "lead_time", rp.DesiredDateProblem)
	}
	if len(rp.Checks) > 0 && len(rp.Plan.Orders) == 0 {
		v.Add("numbers", "none_portable", "None of these numbers can be ported: see each number's check.")
	}
	if !rp.QuoteAccepted {
		v.Add("quote_acceptance", "required", "This port carries charges: review the quote and accept it before submitting.")
	}
}

// AcceptQuote records the customer's acceptance of the request's current quote. hash names
// the quote the customer saw: if the quote has changed since, nothing is accepted.
func (s *Service) AcceptQuote(ctx context.Context, a domain.Actor, id, version int64, hash string) (domain.PortIn, error) {
	return s.frame.Change(ctx, "accept the quote of", a, id, version, func(tx domain.Tx, p *domain.PortIn) error {
		if err := s.checkEditable(a, *p); err != nil {
			return err
		}
		ns, err := tx.PortInNumbers(ctx, id)
		if err != nil {
			return err
		}
		rp, err := s.planFor(ctx, tx, a, *p, ns)
		if err != nil {
			return err
		}
		q := rp.Plan.Quote
		if rp.QuoteAccepted && p.QuoteAcceptance != nil && p.QuoteAcceptance.Hash == hash {
			return nil // accepted already: accepting again would turn an order's share into a quote of its own
		}
		if hash != q.Hash {
			return &domain.Error{Code: domain.ErrConflict, Message: "the quote has changed since it was shown: review the new quote and accept it",
				Fields: []domain.FieldError{{Field: "hash", Code: "stale_quote", Message: "The quote is now " + totals(q) + "."}}}
		}
		// The lines are kept as accepted: completing the port charges them, whatever the
		// price table says by then.
		p.QuoteAcceptance = &domain.QuoteAcceptance{Hash: q.Hash, Totals: q.Totals, Lines: q.Lines, RequestID: p.ID, Priced: q.Priced, UserID: a.UserID, AcceptedAt: s.desk.Now()}
		p.UpdatedAt = s.desk.Now()
		if err := tx.UpdatePortIn(ctx, p); err != nil {
			return err
		}
		return s.frame.Record(ctx, tx, a, *p, domain.PortInEvent{Type: domain.EventQuoteAccepted, Detail: "Quote accepted: " + totals(q)})
	})
}

func totals(q domain.Quote) string { return portability.FormatTotals(q) }
