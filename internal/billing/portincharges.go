package billing

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/portability"
)

// ChargeAcceptedQuote charges a completed port-in what its customer accepted: the accepted
// quote's lines as they were at acceptance (never today's price table), on the ledger of the
// request's account. An order split from a request charges its own order's lines. Each line
// has a key naming the quoted request and the line, so a completion that runs again (a
// retried job, a second replica) charges nothing twice; cancelled and rejected requests never
// complete, so they are never charged.
func (s *Service) ChargeAcceptedQuote(ctx context.Context, tx domain.Tx, a domain.Actor, p domain.PortIn) (err error) {
	defer desk.Wrap(&err, "charge the accepted quote of port-in request %d", p.ID)
	acc := p.QuoteAcceptance
	if acc == nil {
		return nil
	}
	if len(acc.Lines) == 0 {
		if !(domain.Quote{Totals: acc.Totals}).Zero() {
			// Accepted before acceptances kept their lines: what each line was is not known,
			// so finance must add it by hand rather than the desk guessing.
			s.desk.Log.Warn("completed port-in not charged: its quote was accepted before quotes kept their lines; add the charge by hand",
				"port_in", p.ID, "account", p.AccountID, "totals", portability.FormatTotals(domain.Quote{Totals: acc.Totals}))
		}
		return nil
	}
	quoted := cmp.Or(acc.RequestID, p.ID)
	for i, l := range acc.Lines {
		if l.Total.Amount == 0 || !chargesLine(acc, l) {
			continue
		}
		e := domain.LedgerEntry{AccountID: p.AccountID, Kind: ledgerKindOf(l), Amount: l.Total, PortInID: p.ID,
			Description: chargeDescription(l, quoted, p.ID),
			ChargeKey:   fmt.Sprintf("port_in:%d:quote:%s:line:%d", quoted, acc.Hash, i)}
		if _, err := s.charge(ctx, tx, a, e); err != nil {
			return fmt.Errorf("line %d (%s): %w", i+1, e.Kind, err)
		}
	}
	return nil
}

// chargesLine says whether the request holding acc charges line l: a request charges all
// of its own quote; an order, the lines of its order and those of no order in particular.
func chargesLine(acc *domain.QuoteAcceptance, l domain.QuoteLine) bool {
	return acc.Order == "" || l.Order == "" || l.Order == acc.Order
}

func ledgerKindOf(l domain.QuoteLine) domain.LedgerKind {
	if l.Kind == string(domain.LedgerAdminCharge) {
		return domain.LedgerAdminCharge
	}
	return domain.LedgerCarrierFee
}

// chargeDescription says what a charge is as the quote said it, with the count and unit
// price of a per-number fee and, for an order, the request that was quoted.
func chargeDescription(l domain.QuoteLine, quoted, portInID int64) string {
	d := l.Description
	if l.Quantity > 1 {
		d += fmt.Sprintf(": %d at %s each", l.Quantity, domain.FormatMoney(l.Unit))
	}
	if quoted != portInID {
		d += fmt.Sprintf(" (quoted on request #%d)", quoted)
	}
	return d
}

// OrderShare is what an order split from a request carries of the request's acceptance:
// the same lines, naming the quoted request and this order, so that each order charges its
// own lines when it completes, and priced, what the order's own lines price (see HeldQuote).
// A line whose order is not among the split's (the orders moved since the quote, or an order
// is itself split again) becomes one of the whole request: whichever order completes first
// charges it, and its key makes that once.
func OrderShare(acc *domain.QuoteAcceptance, requestID int64, order string, orders []string, priced string) *domain.QuoteAcceptance {
	if acc == nil {
		return nil
	}
	share := *acc
	share.RequestID = cmp.Or(acc.RequestID, requestID)
	share.Lines = slices.Clone(acc.Lines)
	for i, l := range share.Lines {
		if chargesLine(acc, l) && !slices.Contains(orders, l.Order) {
			share.Lines[i].Order = ""
		}
	}
	share.Order, share.Priced = order, priced
	return &share
}

// HeldQuote is the quote a request holds to, q being today's, and whether it is accepted.
// While the request's orders and numbers are those the acceptance priced, the accepted quote
// stands as accepted (on an order, the lines the order charges), whatever the price table
// says since: a request sent back for a fix is resubmitted and charged as quoted. Otherwise
// it is today's quote, accepted when it is the one accepted or nothing is owed.
func HeldQuote(acc *domain.QuoteAcceptance, q domain.Quote) (domain.Quote, bool) {
	switch {
	case acc == nil:
		return q, q.Zero()
	case acc.Priced != "" && acc.Priced == q.Priced:
		held := domain.Quote{Lines: []domain.QuoteLine{}, PortOutFees: q.PortOutFees, Hash: acc.Hash, Priced: acc.Priced}
		for _, l := range acc.Lines {
			if chargesLine(acc, l) {
				held.Lines = append(held.Lines, l)
			}
		}
		held.Totals = portability.Totals(held.Lines)
		return held, true
	case acc.Hash == q.Hash:
		return q, true
	}
	return q, q.Zero()
}

// DropStaleAcceptance forgets, at submission, an acceptance of a quote the request no
// longer holds to (see HeldQuote; it may be submitted only because its quote is now free):
// what completing charges is the quote submitted. An order's share accepted before shares
// named what they price stays: the order was accepted with the request, and a fix sent back
// does not undo that.
func DropStaleAcceptance(p *domain.PortIn, q domain.Quote) {
	acc := p.QuoteAcceptance
	if acc == nil || acc.Hash == q.Hash || (acc.Order != "" && acc.Priced == "") {
		return
	}
	p.QuoteAcceptance = nil
}
