package portability

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/portdesk/portdesk/internal/domain"
)

// A UK mobile's check names no letter but the PAC, and says how to get one; SMS stays.
func TestCheckUKMobileIsAPACPort(t *testing.T) {
	t.Parallel()
	c, ag := sampleChecker(t), seeded()
	for _, tc := range []struct{ name, raw, losing string }{
		{"no losing provider", "07912 345678", ""},
		{"from a provider", "+44 7400 123456", "Vodafone"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := c.Check(Input{Raw: tc.raw, DefaultCountry: "GB", LosingProvider: tc.losing}, ag)
			if got.Category != "mobile" || got.LOAType != domain.LOAUKMobilePAC || got.LOAType.Letter() ||
				!slices.Equal(got.Requires, []string{domain.RequirePAC}) || got.SMS != domain.SMSKeeps {
				t.Fatalf("got %+v", got)
			}
			if !strings.Contains(got.Message, "text PAC to 65075") {
				t.Fatalf("message: %q", got.Message)
			}
		})
	}
}

// A request's UK mobiles are one order of their own: never merged with the landlines of the
// same provider, sent to the losing provider (it issues the PAC) whoever holds the range,
// never a SUP order, and dated one working day after the PAC is accepted.
func TestPlanUKMobilesAreTheirOwnOrder(t *testing.T) {
	t.Parallel()
	c, ag := sampleChecker(t), seeded()
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC) // Monday, London morning
	var checks []domain.Check
	for _, raw := range []string{"+441134960001", "+447912345678", "+447400123456"} {
		checks = append(checks, c.Check(Input{Raw: raw, LosingProvider: "BT"}, ag))
	}
	// A mobile the range data gives to another network than the one the customer leaves.
	checks = append(checks, domain.Check{Input: "+447400123457", E164: "+447400123457", Valid: true, Country: "GB", Category: "mobile",
		Portable: domain.PortableYes, RangeHolder: "EE Limited", RangeHolderSource: "ofcom", LOAType: domain.LOAUKMobilePAC,
		Requires: []string{domain.RequirePAC}, SMS: domain.SMSKeeps})
	p := MakePlan(checks, PlanInput{LosingProvider: "BT", Now: now, Prices: domain.DefaultPriceTable(), Agreements: ag})
	if len(p.Orders) != 2 {
		t.Fatalf("orders: %+v", p.Orders)
	}
	land, mob := p.Orders[0], p.Orders[1]
	if land.LOAType != domain.LOAUKGeographic || !slices.Equal(land.Numbers, []string{"+441134960001"}) || land.LeadTime.WorkingDays != 4 {
		t.Fatalf("landline order: %+v", land)
	}
	if mob.Key != PACOrderKey || mob.LOAType != domain.LOAUKMobilePAC || mob.Provider != "BT" || mob.Subsequent ||
		!slices.Equal(mob.Numbers, []string{"+447912345678", "+447400123456", "+447400123457"}) {
		t.Fatalf("mobile order: %+v", mob)
	}
	e := mob.LeadTime
	if e == nil || e.WorkingDays != 1 || !e.Earliest.Equal(time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)) ||
		e.Window != "1 working day after the PAC is accepted" || mob.LeadNote != "Ports 1 working day after the PAC is accepted." {
		t.Fatalf("mobile lead time: %+v %q", e, mob.LeadNote)
	}
	// The request's earliest date is the slower order's.
	if !p.Earliest.Equal(land.LeadTime.Earliest) {
		t.Fatalf("earliest %v, want the landline's %v", p.Earliest, land.LeadTime.Earliest)
	}
	// One carrier is left (BT), under two kinds of order: no admin charge.
	if !p.Quote.Zero() {
		t.Fatalf("one carrier charged as two: %+v", p.Quote)
	}
}
