package portability

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/portdesk/portdesk/internal/domain"
)

// checked is a portable number as the checker answers it, range holder and letter type
// given: the quote's rules are tested apart from the range data.
func checked(e164, country, category string, loa domain.LOAType, holder string) domain.Check {
	src := "ofcom"
	if country != "GB" {
		src = "nanpa"
	}
	return domain.Check{Input: e164, E164: e164, Valid: true, Country: country, Category: category, Portable: domain.PortableYes,
		RangeHolder: holder, RangeHolderSource: src, LOAType: loa}
}

// numbersOf makes n checked numbers from first on, all alike.
func numbersOf(n int, first int, format, country, category string, loa domain.LOAType, holder string) []domain.Check {
	out := make([]domain.Check, n)
	for i := range out {
		out[i] = checked(fmt.Sprintf(format, first+i), country, category, loa, holder)
	}
	return out
}

// The admin charge is per losing carrier, the provider the customer leaves: a request names
// one, so its numbers are one carrier's however they split into orders (range holder, letter
// type, country). Up to the free number carry none; more carry one, naming why.
func TestQuoteAdminChargePerLosingCarrier(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	// BT's own range, a range Virgin Media holds (numbers ported to BT before) and BT freephone.
	mixed := func(bt, vm int) []domain.Check {
		cs := numbersOf(bt, 1000, "+44113496%04d", "GB", "geographic", domain.LOAUKGeographic, "BT")
		cs = append(cs, numbersOf(vm, 1000, "+44207946%04d", "GB", "geographic", domain.LOAUKGeographic, "Virgin Media Ltd")...)
		return append(cs, checked("+448001234567", "GB", "freephone", domain.LOAUKNonGeographic, "British Telecommunications plc"))
	}
	for _, tc := range []struct {
		name    string
		checks  []domain.Check
		losing  string
		free    int    // the price table's free numbers; 0 is the default 50
		orders  int    // how the numbers split
		want    string // the admin line's description, or "" for none
		country string // and the country it is priced in
	}{
		{"one carrier in three orders, four numbers", mixed(2, 1), "BT", 0, 3, "", ""},
		{"one carrier, fifty numbers in three orders", mixed(30, 19), "BT", 0, 3, "", ""},
		{"one carrier, fifty-one numbers in three orders: one charge", mixed(30, 20), "BT", 0, 3,
			"Administration charge, 51 numbers from BT (more than 50 from one carrier)", "GB"},
		{"a lower free number", mixed(2, 1), "BT", 3, 3, "Administration charge, 4 numbers from BT (more than 3 from one carrier)", "GB"},
		{"the check page without a losing provider: one carrier still", mixed(2, 1), "", 3, 3,
			"Administration charge, 4 numbers from the losing provider (more than 3 from one carrier)", "GB"},
		{"numbers in two countries from one carrier: priced where most are",
			append(numbersOf(2, 1000, "+44113496%04d", "GB", "geographic", domain.LOAUKGeographic, "BT"),
				numbersOf(3, 1000, "+1201555%04d", "US", "geographic", domain.LOAUSLocal, "Verizon")...), "Lumen", 4, 2,
			"Administration charge, 5 numbers from Lumen (more than 4 from one carrier)", "US"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			prices := domain.DefaultPriceTable()
			prices.FreeNumbers = tc.free
			p := MakePlan(tc.checks, PlanInput{LosingProvider: tc.losing, Now: now, Prices: prices, Agreements: seeded()})
			if len(p.Orders) != tc.orders || len(p.SetAside) != 0 {
				t.Fatalf("orders %d, set aside %d, want %d orders", len(p.Orders), len(p.SetAside), tc.orders)
			}
			var admin []domain.QuoteLine
			for _, l := range p.Quote.Lines {
				if l.Kind == string(domain.LedgerAdminCharge) {
					admin = append(admin, l)
				}
			}
			if tc.want == "" {
				if len(admin) != 0 || !p.Quote.Zero() {
					t.Fatalf("charged: %+v", p.Quote.Lines)
				}
				return
			}
			if len(admin) != 1 {
				t.Fatalf("%d admin charges, want one: %+v", len(admin), p.Quote.Lines)
			}
			a := admin[0]
			charge, _ := adminCharge(prices, tc.country)
			if a.Description != tc.want || a.Country != tc.country || a.Total != charge || a.Quantity != 1 || a.Provider != tc.losing || a.Order != "" {
				t.Fatalf("admin line %+v, want %q in %s at %v", a, tc.want, tc.country, charge)
			}
			if !slices.Equal(p.Quote.Totals, []domain.Money{charge}) {
				t.Fatalf("totals %v", p.Quote.Totals)
			}
		})
	}
}

// Priced names the orders and numbers a quote prices and nothing of the prices: the same
// numbers in another order name the same; another number, order or losing carrier does not.
func TestPricedNamesOrdersAndNumbersNotPrices(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	base := append(numbersOf(3, 1000, "+44113496%04d", "GB", "geographic", domain.LOAUKGeographic, "BT"),
		checked("+448001234567", "GB", "freephone", domain.LOAUKNonGeographic, "BT"))
	plan := func(checks []domain.Check, losing string, fee int64) domain.Quote {
		prices := domain.DefaultPriceTable()
		prices.CarrierFees = []domain.CarrierFee{{Country: "GB", Category: "geographic", Fee: domain.Money{Amount: fee, Currency: "GBP"}}}
		return MakePlan(checks, PlanInput{LosingProvider: losing, Now: now, Prices: prices, Agreements: seeded()}).Quote
	}
	want := plan(base, "BT", 250)
	reversed := slices.Clone(base)
	slices.Reverse(reversed)
	for _, tc := range []struct {
		name   string
		q      domain.Quote
		same   bool
		hashed bool // the quote's hash is the same too
	}{
		{"another price", plan(base, "BT", 9900), true, false},
		{"the numbers listed in another order", plan(reversed, "BT", 250), true, true},
		{"the losing carrier under a legal name", plan(base, "BT plc", 250), true, true},
		{"a number more", plan(append(slices.Clone(base), checked("+441134960999", "GB", "geographic", domain.LOAUKGeographic, "BT")), "BT", 250), false, false},
		{"a number less", plan(base[1:], "BT", 250), false, false},
		{"a number swapped", plan(append(slices.Clone(base[1:]), checked("+441134960999", "GB", "geographic", domain.LOAUKGeographic, "BT")), "BT", 250), false, true},
		{"another losing carrier", plan(base, "Gamma", 250), false, true},
	} {
		if got := tc.q.Priced == want.Priced; got != tc.same || tc.q.Priced == "" {
			t.Errorf("%s: priced alike = %v, want %v", tc.name, got, tc.same)
		}
		if got := tc.q.Hash == want.Hash; got != tc.hashed {
			t.Errorf("%s: hash alike = %v, want %v", tc.name, got, tc.hashed)
		}
	}
}
