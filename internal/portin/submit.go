package portin

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/portdesk/portdesk/internal/billing"
	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/portability"
)

// submit sends a request to the porting team. Everything missing, the checks' findings
// included, is refused at once in one answer. Numbers that cannot be ported are set aside
// with their reason, so one bad number never blocks the rest; numbers for several range
// holders or LOA types become one order each, child requests of this one.
func (s *Service) submit(ctx context.Context, tx domain.Tx, a domain.Actor, p *domain.PortIn, from domain.Status) error {
	ns, err := tx.PortInNumbers(ctx, p.ID)
	if err != nil {
		return err
	}
	rp, err := s.planFor(ctx, tx, a, *p, ns)
	if err != nil {
		return err
	}
	v := domain.Validation{Fields: s.missing(*p, ns, rp.Plan.Orders)}
	submissionProblems(rp, &v)
	pw, err := s.paperwork(ctx, tx, *p, ns, rp)
	if err != nil {
		return err
	}
	v.Fields = append(v.Fields, pw.Missing...)
	if len(v.Fields) > 0 {
		return &domain.Error{Code: domain.ErrIncomplete, Message: "the request is not complete: fix every item listed, then submit", Fields: v.Fields}
	}
	now := s.desk.Now()
	billing.DropStaleAcceptance(p, rp.Plan.Quote)
	if err := s.setAside(ctx, tx, a, *p, rp); err != nil {
		return fmt.Errorf("set aside %s: %w", domain.Plural(len(rp.Plan.SetAside), "unportable number"), err)
	}
	if len(rp.Plan.Orders) > 1 {
		if err := s.split(ctx, tx, a, p, from, rp, pw); err != nil {
			return fmt.Errorf("split into %d orders: %w", len(rp.Plan.Orders), err)
		}
		return nil
	}
	// The letter as signed is the letter sent: the request shows it from now on.
	if err := s.freezeAll(ctx, tx, p.ID, pw, pw.Letters); err != nil {
		return err
	}
	p.SubmittedAt = &now
	p.Status, p.StatusReason, p.UpdatedAt = domain.StatusSubmitted, "", now
	p.Rejections = nil // fixed: what the team asked for is in the timeline
	if err := tx.UpdatePortIn(ctx, p); err != nil {
		return err
	}
	if err := tx.SetPortInNumberStatus(ctx, p.ID, domain.NumberSubmitted, true); err != nil {
		return err
	}
	return s.frame.Record(ctx, tx, a, *p, domain.PortInEvent{Type: domain.EventStatusChanged, From: from, To: domain.StatusSubmitted,
		Detail: from.Label() + " → " + domain.StatusSubmitted.Label()})
}

func (s *Service) setAside(ctx context.Context, tx domain.Tx, a domain.Actor, p domain.PortIn, rp RequestPlan) error {
	if len(rp.Plan.SetAside) == 0 {
		return nil
	}
	byReason := map[string][]string{}
	var reasons []string
	var lines []string
	for _, sa := range rp.Plan.SetAside {
		r := domain.ReasonConflict
		if len(sa.Reasons) > 0 {
			r = sa.Reasons[0]
		}
		if _, ok := byReason[r]; !ok {
			reasons = append(reasons, r)
		}
		byReason[r] = append(byReason[r], sa.Number)
		lines = append(lines, sa.Number+": "+sa.Message)
	}
	for _, r := range reasons {
		if err := tx.SetAsideNumbers(ctx, p.ID, byReason[r], domain.NumberSetAside, r); err != nil {
			return err
		}
	}
	return s.frame.Record(ctx, tx, a, p, domain.PortInEvent{Type: domain.EventSetAside,
		Detail: fmt.Sprintf("%s set aside as not portable; the rest go ahead. %s", domain.Plural(len(rp.Plan.SetAside), "number"), desk.Truncate(strings.Join(lines, " "), 900))})
}

// split turns the request into one submitted order per losing provider and LOA type. Each
// order is a request of its own (its own status, documents and date); the parent keeps the
// details, the set-aside numbers and the audit trail, and rolls the orders up.
func (s *Service) split(ctx context.Context, tx domain.Tx, a domain.Actor, p *domain.PortIn, from domain.Status, rp RequestPlan, pw Paperwork) error {
	now := s.desk.Now()
	var ids []string
	keys := make([]string, len(rp.Plan.Orders))
	for i, o := range rp.Plan.Orders {
		keys[i] = o.Key
	}
	for _, o := range rp.Plan.Orders {
		child := *p
		child.ID, child.ParentID, child.Version = 0, p.ID, 0
		child.Status, child.StatusReason = domain.StatusSubmitted, ""
		child.CreatedAt, child.UpdatedAt, child.SubmittedAt = now, now, &now
		child.QuoteAcceptance = billing.OrderShare(p.QuoteAcceptance, p.ID, o.Key, keys, portability.Priced(p.LosingProvider, o)) // the order charges its own lines
		if err := tx.CreatePortIn(ctx, &child); err != nil {
			return err
		}
		if err := tx.MovePortInNumbers(ctx, p.ID, child.ID, o.Numbers); err != nil {
			return err
		}
		if err := tx.SetPortInNumberStatus(ctx, child.ID, domain.NumberSubmitted, true); err != nil {
			return err
		}
		// Each order keeps its own letter as signed: the one its carrier is sent.
		mine := slices.DeleteFunc(slices.Clone(pw.Letters), func(l OrderLetter) bool { return l.Order.Key != o.Key })
		if err := s.freezeAll(ctx, tx, child.ID, pw, mine); err != nil {
			return err
		}
		what := fmt.Sprintf("Order %s from request %d: %s on the %s LOA", desk.OrDefault(o.Provider, "for the losing provider"), p.ID,
			domain.Plural(len(o.Numbers), "number"), o.LOAType.Label())
		if !o.LOAType.Letter() {
			what = fmt.Sprintf("Order %s from request %d: %s on a PAC, no letter", desk.OrDefault(o.Provider, "for the losing provider"), p.ID,
				domain.Plural(len(o.Numbers), "UK mobile number"))
		}
		if err := s.frame.Record(ctx, tx, a, child, domain.PortInEvent{Type: domain.EventCreated, Detail: what}); err != nil {
			return err
		}
		if err := s.frame.Record(ctx, tx, a, child, domain.PortInEvent{Type: domain.EventStatusChanged, From: domain.StatusDraft, To: domain.StatusSubmitted,
			Detail: domain.StatusDraft.Label() + " → " + domain.StatusSubmitted.Label()}); err != nil {
			return err
		}
		ids = append(ids, fmt.Sprintf("#%d", child.ID))
	}
	p.SubmittedAt = &now
	p.Status, p.StatusReason, p.UpdatedAt = domain.StatusSplit, "", now
	if err := tx.UpdatePortIn(ctx, p); err != nil {
		return err
	}
	return s.frame.Record(ctx, tx, a, *p, domain.PortInEvent{Type: domain.EventSplit, From: from, To: domain.StatusSplit,
		Detail: fmt.Sprintf("Submitted as %d orders, one per losing provider and letter of authorisation: %s", len(ids), strings.Join(ids, ", "))})
}
