package portin

import (
	"context"
	"time"

	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/domain"
)

// Country is the country whose porting rules, calendar and time zone the request follows
// (desk.RequestCountry): an order's FOC and dates are in it, not in the account's country.
func (s *Service) Country(ctx context.Context, q domain.Queries, p domain.PortIn) (domain.Country, error) {
	acc, err := q.Account(ctx, p.AccountID)
	if err != nil {
		return "", err
	}
	ns, err := q.PortInNumbers(ctx, p.ID)
	if err != nil {
		return "", err
	}
	return desk.RequestCountry(acc, p, porting(ns)), nil
}

// porting is the numbers a request ports: those set aside only when there is nothing else.
func porting(ns []domain.PortNumber) []string {
	var out, aside []string
	for _, n := range ns {
		if n.Status == domain.NumberSetAside {
			aside = append(aside, n.Number)
		} else {
			out = append(out, n.Number)
		}
	}
	if len(out) == 0 {
		return aside
	}
	return out
}

// readable is where numbers typed on a request of country c without a country code are read:
// in c when PortDesk reads that country's national formats (GB, US, CA), else in the
// account's country. A US billing number typed on a US request of a GB account is a US one.
func readable(c domain.Country, acc domain.Account) domain.Country {
	switch c {
	case domain.CountryGB, domain.CountryUS, domain.CountryCA:
		return c
	}
	return acc.Country
}

// readingCountry is readable for p as it stands, with ns its numbers; typed are numbers
// arriving with p's creation, which count as its numbers when it has none yet.
func (s *Service) readingCountry(acc domain.Account, p domain.PortIn, ns []domain.PortNumber, typed []NumberInput) domain.Country {
	numbers := porting(ns)
	if len(numbers) == 0 {
		before := readable(desk.RequestCountry(acc, p, nil), acc)
		for _, n := range typed {
			if parsed, err := s.desk.Numbers.Parse(n.Number, before); err == nil {
				numbers = append(numbers, parsed.E164)
			}
		}
	}
	return readable(desk.RequestCountry(acc, p, numbers), acc)
}

// QuotedEarliest is the earliest port date quoted for the request when it was submitted (now,
// for one not submitted yet): the latest of its orders' earliest dates, each on its own
// country's calendar, as a date at 00:00 UTC; nil when no order has a lead time (ports by
// arrangement).
func (s *Service) QuotedEarliest(ctx context.Context, q domain.Queries, p domain.PortIn) (*time.Time, error) {
	ns, err := q.PortInNumbers(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	at := s.desk.Now()
	if p.SubmittedAt != nil {
		at = *p.SubmittedAt
	}
	rp, err := s.planAt(ctx, q, p, ns, at)
	if err != nil {
		return nil, err
	}
	return rp.Plan.Earliest, nil
}
