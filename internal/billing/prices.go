package billing

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/numbering"
)

// Prices is the operator's price table, or the defaults until one is saved.
func (s *Service) Prices(ctx context.Context, q domain.Queries) (_ domain.PriceTable, err error) {
	defer desk.Wrap(&err, "read the price table")
	raw, err := q.Setting(ctx, settingPriceTable)
	if domain.IsCode(err, domain.ErrNotFound) {
		return domain.DefaultPriceTable(), nil
	}
	if err != nil {
		return domain.PriceTable{}, err
	}
	var pt domain.PriceTable
	if err := json.Unmarshal([]byte(raw), &pt); err != nil {
		return domain.PriceTable{}, err
	}
	return pt, nil
}

const settingPriceTable = "price_table"

// PriceTable is the operator's prices; every user may read them (quotes come from them).
func (s *Service) PriceTable(ctx context.Context, _ domain.Actor) (domain.PriceTable, error) {
	return s.Prices(ctx, s.desk.Store)
}

// SetPriceTable replaces the price table (staff admins only). Quotes already accepted keep
// their amounts.
func (s *Service) SetPriceTable(ctx context.Context, a domain.Actor, pt domain.PriceTable) (_ domain.PriceTable, err error) {
	defer desk.Wrap(&err, "set the price table")
	if err := desk.RequireAdmin(a); err != nil {
		return pt, err
	}
	if err := desk.RequireStaff(a); err != nil {
		return pt, err
	}
	if err := validPrices(&pt); err != nil {
		return pt, err
	}
	pt.UpdatedAt = s.desk.Now()
	b, err := json.Marshal(pt)
	if err != nil {
		return pt, err
	}
	err = s.desk.Store.InTx(ctx, func(tx domain.Tx) error {
		if err := tx.SetSetting(ctx, settingPriceTable, string(b), s.desk.Now()); err != nil {
			return err
		}
		return s.desk.Audit(ctx, tx, a, settingPriceTable, "updated", pt)
	})
	return pt, err
}

// maxPrice is the most a price may be, in major units of its currency.
const maxPrice = 1_000_000

// validMoney checks a price as the ledger checks an amount: an ISO 4217 currency in use, and
// an amount in that currency's own minor units (JPY has none: 1500 is JPY 1500).
func validMoney(v *domain.Validation, field string, m *domain.Money) {
	m.Currency = strings.ToUpper(strings.TrimSpace(m.Currency))
	if !ValidCurrency(m.Currency) {
		v.Add(field+".currency", "invalid", "Give an ISO 4217 currency code in use, such as GBP, USD or CAD.")
	}
	limit := domain.Money{Amount: maxPrice * pow10(minorDigits(m.Currency)), Currency: m.Currency}
	if m.Amount < 0 || m.Amount > limit.Amount {
		v.Add(field+".amount", "invalid", fmt.Sprintf("Give an amount from 0 to %s (over the API, in the currency's minor units: pence, cents).", domain.FormatMoney(limit)))
	}
}

// validCountryPrice checks one row of a price list: its country's two-letter code and its
// amount, under field (as "admin_charges[0]").
func validCountryPrice(v *domain.Validation, field string, country *string, money string, m *domain.Money) {
	*country = strings.ToUpper(strings.TrimSpace(*country))
	if len(*country) != 2 {
		v.Add(field+".country", "invalid", "Give the country as a two-letter code.")
	}
	validMoney(v, field+"."+money, m)
}

func validPrices(pt *domain.PriceTable) error {
	var v domain.Validation
	seen := map[string]bool{}
	for i := range pt.CarrierFees {
		f := &pt.CarrierFees[i]
		field := fmt.Sprintf("carrier_fees[%d]", i)
		validCountryPrice(&v, field, &f.Country, "fee", &f.Fee)
		if !slices.Contains(numbering.AgreementCategories(), f.Category) && f.Category != string(numbering.International) {
			v.Add(field+".category", "invalid", fmt.Sprintf("Unknown category %q.", f.Category))
		}
		if seen[f.Country+f.Category] {
			v.Add(field, "duplicate", "One fee per country and category.")
		}
		seen[f.Country+f.Category] = true
	}
	for i := range pt.AdminCharges {
		validCountryPrice(&v, fmt.Sprintf("admin_charges[%d]", i), &pt.AdminCharges[i].Country, "charge", &pt.AdminCharges[i].Charge)
	}
	for i := range pt.PortOutFees {
		validCountryPrice(&v, fmt.Sprintf("port_out_fees[%d]", i), &pt.PortOutFees[i].Country, "fee", &pt.PortOutFees[i].Fee)
	}
	if pt.FreeNumbers < 0 {
		v.Add("free_numbers", "invalid", "Give how many numbers from one carrier carry no admin charge (0 or more).")
	}
	if pt.CarrierFees == nil {
		pt.CarrierFees = []domain.CarrierFee{}
	}
	if pt.AdminCharges == nil {
		pt.AdminCharges = []domain.AdminCharge{}
	}
	if pt.PortOutFees == nil {
		pt.PortOutFees = []domain.PortOutFee{}
	}
	return v.Err(domain.ErrInvalid, "the price table is not valid")
}
