package billing

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/domain"
)

// ChargePortOut charges the port-out fee of each released number's country from the
// operator's price table, in that country's currency, once per number however often
// completion runs (the charge key): a number that did not leave us is not charged. It says
// what it charged, and where a country has no fee.
func (s *Service) ChargePortOut(ctx context.Context, tx domain.Tx, a domain.Actor, p domain.PortOut, released []string) (_ string, err error) {
	defer desk.Wrap(&err, "charge the port-out fees of port-out %d", p.ID)
	pt, err := s.Prices(ctx, tx)
	if err != nil {
		return "", err
	}
	fees := map[string]domain.Money{}
	for _, f := range pt.PortOutFees {
		fees[f.Country] = f.Fee
	}
	type total struct {
		n   int
		fee domain.Money
	}
	charged := map[string]*total{} // by currency
	var free []string              // countries without a fee
	for _, n := range p.Numbers {
		if !slices.Contains(released, n.Number) {
			continue
		}
		fee, ok := fees[string(n.Country)]
		if !ok || fee.Amount == 0 {
			if !slices.Contains(free, string(n.Country)) {
				free = append(free, string(n.Country))
			}
			continue
		}
		added, err := s.charge(ctx, tx, a, domain.LedgerEntry{Kind: domain.LedgerPortOutFee, AccountID: p.AccountID, PortOutID: p.ID, Amount: fee,
			Description: fmt.Sprintf("Port-out of %s to %s", n.Number, p.GainingProvider), ChargeKey: fmt.Sprintf("port_out:%d:%s", p.ID, n.Number)})
		if err != nil {
			return "", err
		}
		if !added {
			continue // charged before
		}
		t := charged[fee.Currency]
		if t == nil {
			t = &total{fee: domain.Money{Currency: fee.Currency}}
			charged[fee.Currency] = t
		}
		t.n++
		t.fee.Amount += fee.Amount
	}
	var parts []string
	currencies := make([]string, 0, len(charged))
	for c := range charged {
		currencies = append(currencies, c)
	}
	slices.Sort(currencies)
	for _, c := range currencies {
		t := charged[c]
		parts = append(parts, fmt.Sprintf("Port-out fee %s charged for %s.", domain.FormatMoney(t.fee), domain.Plural(t.n, "number")))
	}
	if len(free) > 0 {
		slices.Sort(free)
		parts = append(parts, fmt.Sprintf("No port-out fee for %s numbers: nothing charged for them.", strings.Join(free, ", ")))
	}
	return strings.Join(parts, " "), nil
}
