package portin

import (
	"context"
	"slices"

	"github.com/portdesk/portdesk/internal/domain"
)

// asksCarrier reports whether an API carrier with its key set takes US or Canadian numbers:
// only then can a carrier's answers about them be kept, and only then are they read.
func asksCarrier(ctx context.Context, q domain.Queries) (bool, error) {
	cs, err := q.Carriers(ctx)
	if err != nil {
		return false, err
	}
	return slices.ContainsFunc(cs, domain.Carrier.MayLookUpNANP), nil
}

// nanp reports whether the check is of a US or Canadian number, which carriers answer for.
func nanp(ch domain.Check) bool {
	return ch.E164 != "" && (ch.Country == "US" || ch.Country == "CA")
}

// carrierAnswers adds to the checks what the carrier said of each number within a day (kept
// by the lookup job; never asked here, so a page shows at once): who holds it now, and
// whether it can port, fast or not. A number the carrier cannot port is not portable, for
// the carrier's reason; one the carrier could not be asked about says the check went by the
// registers only.
func (c *checker) carrierAnswers(ctx context.Context, out []domain.Check) error {
	var nums []string
	for _, ch := range out {
		if nanp(ch) {
			nums = append(nums, ch.E164)
		}
	}
	if len(nums) == 0 {
		return nil
	}
	if !c.asked {
		var err error
		if c.asks, err = asksCarrier(ctx, c.q); err != nil {
			return err
		}
		c.asked = true
	}
	if !c.asks {
		return nil
	}
	facts, err := c.q.CarrierNumberFacts(ctx, nums)
	if err != nil {
		return err
	}
	now := c.s.desk.Now()
	for i := range out {
		ch := &out[i]
		f, ok := facts[ch.E164]
		if !ok || !nanp(*ch) || now.Sub(f.AskedAt) >= domain.CarrierFactsFor {
			continue
		}
		a := domain.CarrierAnswer{Carrier: f.CarrierName, LosingCarrier: f.LosingCarrier, LosingCarrierType: f.LosingCarrierType, AskedAt: f.AskedAt}
		switch {
		case f.Error != "":
			a.Status = domain.CarrierSaysUnavailable
		case !f.Portable:
			a.Status, a.Reason = domain.CarrierSaysNotPortable, f.NotPortableReason
		case f.FastPortable:
			a.Status = domain.CarrierSaysFastPort
		default:
			a.Status = domain.CarrierSaysPortable
		}
		a.Message = domain.CarrierSaysLabel(f.CarrierName, a.Status, a.Reason)
		ch.Carrier = &a
		if a.Status == domain.CarrierSaysNotPortable && ch.Portable != domain.PortableNo {
			ch.Portable = domain.PortableNo
			ch.Reasons = append([]string{domain.ReasonCarrierNotPortable}, ch.Reasons...)
			ch.Message = a.Message + "."
		}
	}
	return nil
}

// askCarrier queues the ask of the carrier about the US and Canadian numbers of a list
// checked on its own that it has not answered for within a day; the next check shows the
// answers. Nothing is asked while the page waits.
func (s *Service) askCarrier(ctx context.Context, checks []domain.Check) error {
	if ok, err := asksCarrier(ctx, s.desk.Store); err != nil || !ok {
		return err
	}
	var ask []string
	for _, ch := range checks {
		if nanp(ch) && ch.Carrier == nil && len(ask) < s.desk.Limits.MaxCarrierLookups {
			ask = append(ask, ch.E164)
		}
	}
	if len(ask) == 0 {
		return nil
	}
	return s.desk.Store.InTx(ctx, func(tx domain.Tx) error {
		return tx.EnqueueJob(ctx, domain.Job{Kind: domain.JobCarrierLookup, Args: domain.CarrierLookupArgs{Numbers: ask}})
	})
}
