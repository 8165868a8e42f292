package portability

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/leadtime"
	"github.com/portdesk/portdesk/internal/numbering"
	"github.com/portdesk/portdesk/internal/ranges"
)

// sampleChecker reads the range samples the ranges package ships (written by its writers).
func sampleChecker(t testing.TB) *Checker {
	t.Helper()
	ix, err := ranges.LoadDir(filepath.Join("..", "ranges", "testdata"))
	if err != nil {
		t.Fatal(err)
	}
	var set ranges.Set
	set.Swap(ix)
	return NewChecker(&set)
}

func seeded() *Agreements {
	rows := SeedAgreements()
	for i := range rows {
		rows[i].ID = int64(i + 1)
	}
	return NewAgreements(rows)
}

func TestCheck(t *testing.T) {
	t.Parallel()
	c, ag := sampleChecker(t), seeded()
	for _, tc := range []struct {
		name, raw, region, losing string
		portable                  domain.Portable
		category, country         string
		reasons                   []string
		holder, source            string
		route                     domain.Route
		loa                       domain.LOAType
		requires                  []string
		sms                       string
	}{
		{"UK geographic from BT", "0113 496 0000", "GB", "BT plc", domain.PortableYes, "geographic", "GB", nil, "BT", "ofcom", "", domain.LOAUKGeographic, []string{"account_number", "btn", "service_address", "losing_provider_address", "line_type"}, domain.SMSAfterVoice},
		{"longest prefix wins: Gamma's wider block", "+441134961234", "GB", "", domain.PortableYes, "geographic", "GB", nil, "Gamma Telecom Holdings Ltd", "ofcom", "", domain.LOAUKGeographic, []string{"account_number", "btn", "service_address", "losing_provider_address", "line_type"}, domain.SMSAfterVoice},
		{"losing provider is not the range holder: a warning", "+442079460123", "GB", "TalkTalk", domain.PortableYes, "geographic", "GB", []string{domain.ReasonProviderMismatch}, "Virgin Media Ltd", "ofcom", "", domain.LOAUKGeographic, []string{"account_number", "btn", "service_address", "losing_provider_address", "line_type"}, domain.SMSAfterVoice},
		{"freephone by direct interconnect, former name", "0800 123 4567", "GB", "British Telecom", domain.PortableYes, "freephone", "GB", nil, "British Telecommunications plc", "ofcom", domain.RouteDirect, domain.LOAUKNonGeographic, []string{"account_number", "btn", "losing_provider_address", "line_type"}, domain.SMSNone},
		{"freephone through transit", "+448081570001", "GB", "", domain.PortableYes, "freephone", "GB", nil, "Magrathea Telecommunications Ltd", "ofcom", domain.RouteTransit, domain.LOAUKNonGeographic, []string{"account_number", "btn", "losing_provider_address", "line_type"}, domain.SMSNone},
		{"withdrawn 0500", "0500 123456", "GB", "", domain.PortableNo, "withdrawn", "GB", []string{domain.ReasonWithdrawnRange}, "", "", "", "", []string{}, domain.SMSNone},
		{"invalid (drama range)", "01632 960000", "GB", "", domain.PortableNo, "geographic", "GB", []string{domain.ReasonInvalidNumber}, "", "", "", "", []string{}, domain.SMSNone},
		{"not a number", "call me", "GB", "", domain.PortableNo, "other", "", []string{domain.ReasonInvalidNumber}, "", "", "", "", []string{}, domain.SMSNone},
		{"no range data, no provider", "+441214960000", "GB", "", domain.CheckRequired, "geographic", "GB", []string{domain.ReasonUnknownHolder}, "", "", "", domain.LOAUKGeographic, []string{"account_number", "btn", "service_address", "losing_provider_address", "line_type"}, domain.SMSAfterVoice},
		{"unknown provider: check, not no", "+441214960000", "GB", "Acme Voice", domain.CheckRequired, "geographic", "GB", []string{domain.ReasonNoAgreement, domain.ReasonUnknownHolder}, "", "", "", domain.LOAUKGeographic, []string{"account_number", "btn", "service_address", "losing_provider_address", "line_type"}, domain.SMSAfterVoice},
		{"Magrathea geographic: certain ranges only", "+441214960000", "GB", "magrathea telecommunications", domain.CheckRequired, "geographic", "GB", []string{domain.ReasonAgreementCheck, domain.ReasonUnknownHolder}, "", "", "", domain.LOAUKGeographic, []string{"account_number", "btn", "service_address", "losing_provider_address", "line_type"}, domain.SMSAfterVoice},
		{"former name: Energis is Vodafone", "+441214960000", "GB", "ENERGIS LIMITED", domain.PortableYes, "geographic", "GB", []string{domain.ReasonUnknownHolder}, "", "", "", domain.LOAUKGeographic, []string{"account_number", "btn", "service_address", "losing_provider_address", "line_type"}, domain.SMSAfterVoice},
		{"UK mobile keeps SMS, original network", "07912 345678", "GB", "", domain.CheckRequired, "mobile", "GB", []string{domain.ReasonUnknownHolder}, "O2", "original_network", "", domain.LOAUKMobilePAC, []string{"pac"}, domain.SMSKeeps},
		{"US local", "(201) 555-0234", "US", "", domain.PortableYes, "local", "US", nil, "Bandwidth.com CLEC, LLC - NJ", "nanpa_block", "", domain.LOAUSLocal, []string{"account_number", "btn", "service_address"}, domain.SMSAfterVoice},
		{"US toll-free: calls only", "+1 800 555 0234", "US", "", domain.PortableYes, "toll_free", "US", nil, "", "", "", domain.LOAUSTollFree, []string{"btn"}, domain.SMSNone},
		{"Canada", "+1 416 555 0234", "US", "", domain.PortableYes, "local", "CA", nil, "Bell Canada", "cnac", "", domain.LOACanada, []string{"account_number", "pin", "btn", "service_address"}, domain.SMSAfterVoice},
		{"US 900: premium rate, to the team", "+1 900 234 5678", "US", "", domain.CheckRequired, "premium", "US", []string{domain.ReasonPremiumRate}, "", "", "", domain.LOAInternational, []string{}, domain.SMSNone},
		{"US 976 exchange: premium rate", "(212) 976-1234", "US", "", domain.CheckRequired, "premium", "US", []string{domain.ReasonPremiumRate}, "", "", "", domain.LOAInternational, []string{}, domain.SMSNone},
		{"Canadian 976 exchange: premium rate", "(416) 976-1234", "CA", "", domain.CheckRequired, "premium", "CA", []string{domain.ReasonPremiumRate}, "", "", "", domain.LOAInternational, []string{}, domain.SMSNone},
		{"Puerto Rico: US rules", "(787) 555-1234", "US", "", domain.PortableYes, "local", "US", nil, "", "", "", domain.LOAUSLocal, []string{"account_number", "btn", "service_address"}, domain.SMSAfterVoice},
		{"US Virgin Islands: US rules", "+1 340 555 1234", "GB", "", domain.PortableYes, "local", "US", nil, "", "", "", domain.LOAUSLocal, []string{"account_number", "btn", "service_address"}, domain.SMSAfterVoice},
		{"Guam: US rules", "+1 671 555 1234", "GB", "", domain.PortableYes, "local", "US", nil, "", "", "", domain.LOAUSLocal, []string{"account_number", "btn", "service_address"}, domain.SMSAfterVoice},
		{"Northern Marianas: US rules", "+1 670 555 1234", "GB", "", domain.PortableYes, "local", "US", nil, "", "", "", domain.LOAUSLocal, []string{"account_number", "btn", "service_address"}, domain.SMSAfterVoice},
		{"Jamaica: by request", "+1 876 555 1234", "GB", "", domain.CheckRequired, "international", "JM", []string{domain.ReasonInternational}, "", "", "", domain.LOAInternational, []string{}, domain.SMSAfterVoice},
		{"fictional 555-01xx", "(201) 555-0123", "US", "", domain.PortableNo, "local", "US", []string{domain.ReasonFictionalNumber}, "", "", "", "", []string{}, domain.SMSNone},
		{"fictional 555-01xx, toll-free", "+1 800 555 0199", "US", "", domain.PortableNo, "toll_free", "US", []string{domain.ReasonFictionalNumber}, "", "", "", "", []string{}, domain.SMSNone},
		{"UK premium: calls only", "0909 123 4567", "GB", "BT", domain.PortableYes, "premium", "GB", []string{domain.ReasonUnknownHolder}, "", "", domain.RouteDirect, domain.LOAUKNonGeographic, []string{"account_number", "btn", "losing_provider_address", "line_type"}, domain.SMSNone},
		{"UK carrier on a US number: a warning", "+1 800 234 5678", "US", "Vodafone UK", domain.PortableYes, "toll_free", "US", []string{domain.ReasonProviderOtherCountry}, "", "", "", domain.LOAUSTollFree, []string{"btn"}, domain.SMSNone},
		{"Canadian code not in service", "+1 416 556 0123", "US", "", domain.PortableNo, "local", "CA", []string{domain.ReasonBlockNotInService}, "", "cnac", "", domain.LOACanada, []string{}, domain.SMSNone},
		{"international by request", "+33 1 42 68 53 00", "GB", "", domain.CheckRequired, "international", "FR", []string{domain.ReasonInternational}, "", "", "", domain.LOAInternational, []string{}, domain.SMSAfterVoice},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := c.Check(Input{Raw: tc.raw, DefaultCountry: tc.region, LosingProvider: tc.losing}, ag)
			if tc.reasons == nil {
				tc.reasons = []string{}
			}
			if got.Portable != tc.portable || got.Category != tc.category || got.Country != tc.country || !slices.Equal(got.Reasons, tc.reasons) ||
				got.RangeHolder != tc.holder || got.RangeHolderSource != tc.source || got.Route != tc.route || got.LOAType != tc.loa ||
				!slices.Equal(got.Requires, tc.requires) || got.SMS != tc.sms {
				t.Fatalf("got %+v", got)
			}
			if got.Message == "" {
				t.Fatal("no sentence for a person")
			}
		})
	}
}

// The US territories are checked under US rules, and say which territory they are.
func TestTerritoriesKeepTheirRegion(t *testing.T) {
	t.Parallel()
	c := NewChecker(nil)
	for raw, region := range map[string]string{"+17875551234": "PR", "+13405551234": "VI", "+16715551234": "GU", "+16705551234": "MP", "+12015550234": "US"} {
		if got := c.Check(Input{Raw: raw}, seeded()); got.Country != "US" || got.Region != region || !got.Valid {
			t.Errorf("%s: country %s region %s valid %v", raw, got.Country, got.Region, got.Valid)
		}
	}
}

// Freephone, premium and toll-free numbers take SMS only where the operator offers it.
func TestSMSOnCallsOnlyNumbersWhenEnabled(t *testing.T) {
	t.Parallel()
	off, on := NewChecker(nil), NewChecker(nil, WithSMS(numbering.TollFree, numbering.Freephone))
	for _, tc := range []struct {
		raw       string
		off, on   string
		offPhrase string
	}{
		{"+18002345678", domain.SMSNone, domain.SMSAfterVoice, "no SMS"},
		{"+448001234567", domain.SMSNone, domain.SMSAfterVoice, "no SMS"},
		{"+19002345678", domain.SMSNone, domain.SMSNone, ""}, // premium was not enabled
		{"+441134960000", domain.SMSAfterVoice, domain.SMSAfterVoice, "2-3 business days"},
	} {
		a, b := off.Check(Input{Raw: tc.raw, LosingProvider: "BT"}, seeded()), on.Check(Input{Raw: tc.raw, LosingProvider: "BT"}, seeded())
		if a.SMS != tc.off || b.SMS != tc.on {
			t.Errorf("%s: SMS %s off, %s on; want %s, %s", tc.raw, a.SMS, b.SMS, tc.off, tc.on)
		}
		if !strings.Contains(a.Message, tc.offPhrase) || strings.Contains(a.Message, "SMS starts") != (tc.off == domain.SMSAfterVoice) {
			t.Errorf("%s: message %q", tc.raw, a.Message)
		}
	}
}

// A losing provider the operator knows in one country only, named on numbers of another: a
// warning on the check and on the order, both ways round.
func TestProviderOfAnotherCountry(t *testing.T) {
	t.Parallel()
	rows := append(SeedAgreements(), domain.PortingAgreement{Country: "US", Provider: "Verizon", Portable: domain.PortableYes})
	ag := NewAgreements(rows)
	c := NewChecker(nil)
	for _, tc := range []struct {
		raw, losing string
		warn        bool
		elsewhere   string
	}{
		{"+12015550234", "BT plc", true, "GB"},
		{"+14165550234", "Cable & Wireless", true, "GB"}, // a former name counts
		{"+441134960000", "Verizon Wireless", true, "US"},
		{"+441134960000", "BT", false, ""},
		{"+12015550234", "Verizon", false, ""},
		{"+12015550234", "Acme Telecom", false, ""}, // known nowhere: nothing to say
	} {
		got := c.Check(Input{Raw: tc.raw, LosingProvider: tc.losing}, ag)
		if slices.Contains(got.Reasons, domain.ReasonProviderOtherCountry) != tc.warn || got.Portable == domain.PortableNo {
			t.Errorf("%s from %s: %+v", tc.raw, tc.losing, got)
			continue
		}
		if tc.warn && !strings.Contains(got.Message, "in "+tc.elsewhere+" only") {
			t.Errorf("%s from %s: message %q", tc.raw, tc.losing, got.Message)
		}
		p := MakePlan([]domain.Check{got}, PlanInput{LosingProvider: tc.losing, Now: time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC), Agreements: ag, Prices: domain.DefaultPriceTable()})
		if len(p.Orders) != 1 || (len(p.Orders[0].Warnings) == 1) != tc.warn {
			t.Errorf("%s from %s: orders %+v", tc.raw, tc.losing, p.Orders)
		}
	}
}

func TestWithdrawnSuggestsReplacement(t *testing.T) {
	t.Parallel()
	got := NewChecker(nil).Check(Input{Raw: "+44 500 123456"}, seeded())
	if got.Suggestion != "+448085123456" {
		t.Fatalf("suggestion %q in %+v", got.Suggestion, got)
	}
}

func TestNormaliseAndMatch(t *testing.T) {
	t.Parallel()
	ag := seeded()
	for _, tc := range []struct{ in, cat, want string }{
		{"Cable & Wireless UK", "freephone", "Vodafone"},
		{"c&w", "geographic", "Vodafone"},
		{"Your Communications Ltd.", "geographic", "Vodafone"},
		{"NTL", "freephone", "Virgin Media"},
		{"Telewest", "freephone", "Virgin Media Wholesale"},
		{"Telewest", "geographic", "Virgin Media"},
		{"Eurobell", "geographic", "Virgin Media"},
		{"Global Crossing (UK) Limited", "geographic", "Level 3"},
		{"virgin media business", "geographic", "Virgin Media"},
		{"THUS PLC", "shared_cost", "Vodafone"},
		{"Telserv", "premium", "Telephony Services"},
	} {
		row, known, ok := ag.Match("GB", tc.in, tc.cat)
		if !known || !ok || row.Provider != tc.want {
			t.Errorf("Match(%q, %s) = %q known=%v ok=%v, want %q", tc.in, tc.cat, row.Provider, known, ok, tc.want)
		}
	}
	if _, known, ok := ag.Match("GB", "Resilient Networks", "freephone"); !known || ok {
		t.Errorf("Resilient is geographic only: known=%v ok=%v", known, ok)
	}
	if _, known, _ := ag.Match("GB", "Acme", "geographic"); known {
		t.Error("Acme matched")
	}
	if !ag.SameProvider("GB", "Energis", "Vodafone Limited") || ag.SameProvider("GB", "BT", "Gamma") {
		t.Error("SameProvider")
	}
}

func TestPlanSplitsLeadTimeAndQuote(t *testing.T) {
	t.Parallel()
	c, ag := sampleChecker(t), seeded()
	// Monday 23 November 2026, 10:00 in London.
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	var checks []domain.Check
	for _, raw := range []string{"+441134960001", "+441134960002", "+442079460001", "+448001234567", "+445001234567"} {
		checks = append(checks, c.Check(Input{Raw: raw, LosingProvider: "BT"}, ag))
	}
	prices := domain.DefaultPriceTable()
	prices.CarrierFees = []domain.CarrierFee{{Country: "GB", Category: "freephone", Fee: domain.Money{Amount: 1000, Currency: "GBP"}}}
	p := MakePlan(checks, PlanInput{LosingProvider: "BT", Now: now, Prices: prices, Agreements: ag})
	if len(p.SetAside) != 1 || p.SetAside[0].Number != "+445001234567" {
		t.Fatalf("set aside: %+v", p.SetAside)
	}
	if len(p.Orders) != 3 {
		t.Fatalf("orders: %+v", p.Orders)
	}
	bt, vm, free := p.Orders[0], p.Orders[1], p.Orders[2]
	if bt.Provider != "BT" || len(bt.Numbers) != 2 || bt.Subsequent || bt.LeadTime.WorkingDays != 7 {
		t.Fatalf("BT order: %+v %+v", bt, bt.LeadTime)
	}
	// Virgin Media holds the range but the customer leaves BT: a SUP order, +3 days.
	if vm.Provider != "Virgin Media Ltd" || !vm.Subsequent || vm.LeadTime.WorkingDays != 4+3 {
		t.Fatalf("VM order: %+v %+v", vm, vm.LeadTime)
	}
	if free.LOAType != domain.LOAUKNonGeographic || free.LeadTime.WorkingDays != 7 {
		t.Fatalf("freephone order: %+v", free)
	}
	// 7 working days from Monday 23 Nov is Wednesday 2 Dec.
	if want := time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC); !p.Earliest.Equal(want) {
		t.Fatalf("earliest %v, want %v", p.Earliest, want)
	}
	// Three orders but one losing carrier (BT) and four numbers: the freephone fee, no admin charge.
	if len(p.Quote.Totals) != 1 || p.Quote.Totals[0] != (domain.Money{Amount: 1000, Currency: "GBP"}) || p.Quote.Hash == "" {
		t.Fatalf("quote: %+v", p.Quote)
	}
	// One carrier, up to 50 numbers: free.
	one := MakePlan(checks[:2], PlanInput{LosingProvider: "BT", Now: now, Prices: prices, Agreements: ag})
	if !one.Quote.Zero() || len(one.Orders) != 1 {
		t.Fatalf("single order quote: %+v", one.Quote)
	}
}

func TestPlanLeadTimeFollowsLineTypeAndDDI(t *testing.T) {
	t.Parallel()
	c, ag := sampleChecker(t), seeded()
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	one := []domain.Check{c.Check(Input{Raw: "+441134960001", LosingProvider: "BT"}, ag)}
	for _, tc := range []struct {
		multi bool
		ddi   leadtime.DDI
		days  int
	}{{false, leadtime.NoDDI, 4}, {true, leadtime.NoDDI, 7}, {true, leadtime.WholeDDI, 10}, {true, leadtime.PartOfDDI, 22}} {
		p := MakePlan(one, PlanInput{LosingProvider: "BT", Now: now, Agreements: ag, MultiLine: tc.multi, DDI: tc.ddi, Prices: domain.DefaultPriceTable()})
		if got := p.Orders[0].LeadTime.WorkingDays; got != tc.days {
			t.Errorf("multi=%v ddi=%v: %d working days, want %d", tc.multi, tc.ddi, got, tc.days)
		}
	}
}

// A customer leaving one carrier pays no admin charge for that carrier's geographic and
// freephone numbers going in two orders (two kinds of letter), nor for the carrier's two names.
func TestPlanOneCarrierUnderTwoLetterTypesAndNames(t *testing.T) {
	t.Parallel()
	c, ag := sampleChecker(t), seeded()
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	var checks []domain.Check
	for _, raw := range []string{"+441134960001", "+448001234567"} {
		checks = append(checks, c.Check(Input{Raw: raw, LosingProvider: "British Telecommunications plc"}, ag))
	}
	p := MakePlan(checks, PlanInput{LosingProvider: "British Telecommunications plc", Now: now, Prices: domain.DefaultPriceTable(), Agreements: ag})
	if len(p.Orders) != 2 || p.Orders[0].LOAType == p.Orders[1].LOAType {
		t.Fatalf("orders: %+v", p.Orders)
	}
	if !p.Quote.Zero() {
		t.Fatalf("one carrier was charged as two: %+v", p.Quote)
	}
}

// TestCheckSaysRangeHolderUnknown: a UK fixed-line number no range data places says so, after
// whatever decided its answer, with the order its lead time assumes: SUP unless the operator
// chose PRO. Known range holders, mobiles (PAC ports) and other countries assume nothing.
func TestCheckSaysRangeHolderUnknown(t *testing.T) {
	t.Parallel()
	sample, ag := sampleChecker(t), seeded()
	pro := NewChecker(sample.Ranges(), AssumeWhenHolderUnknown(domain.OrderPRO))
	for _, tc := range []struct {
		name     string
		c        *Checker
		raw      string
		losing   string
		portable domain.Portable
		reasons  []string
		assumes  domain.UKOrder
		says     string // in the message
	}{
		{"fresh install: no range data at all", NewChecker(nil), "0113 496 0000", "BT", domain.PortableYes, []string{domain.ReasonUnknownHolder}, domain.OrderSUP,
			"Range holder unknown (no Ofcom range data is loaded): the lead time assumes a subsequent (SUP) order"},
		{"range data without this block", sample, "0121 496 0000", "BT", domain.PortableYes, []string{domain.ReasonUnknownHolder}, domain.OrderSUP,
			"Range holder unknown (the Ofcom range data loaded has no block for this number)"},
		{"the operator assumes PRO", pro, "0121 496 0000", "BT", domain.PortableYes, []string{domain.ReasonUnknownHolder}, domain.OrderPRO,
			"the lead time assumes the losing provider holds the range (a PRO order)"},
		{"no losing provider either: one reason, both sentences", NewChecker(nil), "0800 123 4567", "", domain.CheckRequired, []string{domain.ReasonUnknownHolder}, domain.OrderSUP,
			"no losing provider was given: the porting team will find the range holder. Range holder unknown"},
		{"the deciding reason first", NewChecker(nil), "0113 496 0000", "Acme Voice", domain.CheckRequired, []string{domain.ReasonNoAgreement, domain.ReasonUnknownHolder}, domain.OrderSUP,
			"We have no porting agreement with Acme Voice"},
		{"known range holder", sample, "0113 496 0000", "BT", domain.PortableYes, []string{}, "", "Portable from BT."},
		{"a mobile ports on a PAC", NewChecker(nil), "07912 345678", "O2", domain.CheckRequired, []string{domain.ReasonNoAgreement}, "", "no porting agreement with O2"},
		{"US: no PRO or SUP", NewChecker(nil), "+1 201 555 0223", "Verizon", domain.PortableYes, []string{}, "", "Portable."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := tc.c.Check(Input{Raw: tc.raw, DefaultCountry: "GB", LosingProvider: tc.losing}, ag)
			if got.Portable != tc.portable || !slices.Equal(got.Reasons, tc.reasons) || got.LeadTimeAssumes != tc.assumes || !strings.Contains(got.Message, tc.says) {
				t.Fatalf("got %s %v assumes %q: %q", got.Portable, got.Reasons, got.LeadTimeAssumes, got.Message)
			}
			if tc.assumes == "" && strings.Contains(got.Message, "Range holder unknown") {
				t.Fatalf("assumed nothing but says so: %q", got.Message)
			}
		})
	}
}

// TestPlanRangeHolderUnknown: an order with numbers of unknown range holder counts them, and
// its lead time assumes SUP (three working days more) unless the operator chose PRO; one
// such number is enough to make the whole order's lead time the longer.
func TestPlanRangeHolderUnknown(t *testing.T) {
	t.Parallel()
	sample, ag := sampleChecker(t), seeded()
	pro := NewChecker(sample.Ranges(), AssumeWhenHolderUnknown(domain.OrderPRO))
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC) // Monday, before 13:00 in London
	for _, tc := range []struct {
		name     string
		c        *Checker
		numbers  []string
		unknown  int
		days     int
		assumed  string // in the lead time's Assumption and the order's note
		earliest time.Time
	}{
		{"single line, SUP assumed", sample, []string{"+441214960000"}, 1, 4 + 3, "assumes a subsequent (SUP) order", time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC)},
		{"single line, PRO assumed", pro, []string{"+441214960000"}, 1, 4, "assumes a PRO order", time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)},
		{"one unknown among known PRO numbers", sample, []string{"+441134960001", "+441214960000"}, 1, 7 + 3, "assumes a subsequent (SUP) order", time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)},
		{"known range holder: nothing assumed", sample, []string{"+441134960001"}, 0, 4, "", time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)},
		{"fresh install, freephone", NewChecker(nil), []string{"+448001234567"}, 1, 7 + 3, "assumes a subsequent (SUP) order", time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var checks []domain.Check
			for _, n := range tc.numbers {
				checks = append(checks, tc.c.Check(Input{Raw: n, LosingProvider: "BT"}, ag))
			}
			p := MakePlan(checks, PlanInput{LosingProvider: "BT", Now: now, Prices: domain.DefaultPriceTable(), Agreements: ag})
			if len(p.Orders) != 1 {
				t.Fatalf("orders %+v", p.Orders)
			}
			o := p.Orders[0]
			if o.RangeHolderUnknown != tc.unknown || o.Subsequent || o.LeadTime == nil || o.LeadTime.WorkingDays != tc.days || !o.LeadTime.Earliest.Equal(tc.earliest) {
				t.Fatalf("order %+v, lead time %+v", o, o.LeadTime)
			}
			if (tc.assumed == "") != (o.LeadTime.Assumption == "") || !strings.Contains(o.LeadTime.Assumption, tc.assumed) ||
				!strings.Contains(o.LeadNote, tc.assumed) || (tc.assumed != "") != strings.Contains(o.LeadNote, "Range holder unknown: lead time assumes") {
				t.Fatalf("assumption %q, note %q", o.LeadTime.Assumption, o.LeadNote)
			}
		})
	}
}

// Each order requires what its numbers' checks require, once each, and the order that moves a
// partial port's billing number requires a new one.
func TestPlanOrderRequires(t *testing.T) {
	t.Parallel()
	c, ag := sampleChecker(t), seeded()
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	var checks []domain.Check
	for _, raw := range []string{"+441134960001", "+441134960002", "+448001234567", "+14165550234", "+18002345678", "+19002345678"} {
		checks = append(checks, c.Check(Input{Raw: raw, LosingProvider: "BT"}, ag))
	}
	p := MakePlan(checks, PlanInput{LosingProvider: "BT", Now: now, Prices: domain.DefaultPriceTable(), Agreements: ag, PartialBTN: "+441134960002"})
	want := map[domain.LOAType][]string{
		domain.LOAUKGeographic:    {"account_number", "btn", "service_address", "losing_provider_address", "line_type", "new_btn"},
		domain.LOAUKNonGeographic: {"account_number", "btn", "losing_provider_address", "line_type"},
		domain.LOACanada:          {"account_number", "pin", "btn", "service_address"},
		domain.LOAUSTollFree:      {"btn"},
		domain.LOAInternational:   {}, // the 900 number: the porting team says what it needs
	}
	if len(p.Orders) != len(want) {
		t.Fatalf("orders: %+v", p.Orders)
	}
	for _, o := range p.Orders {
		if !slices.Equal(o.Requires, want[o.LOAType]) {
			t.Errorf("%s order requires %v, want %v", o.LOAType, o.Requires, want[o.LOAType])
		}
		switch o.LOAType {
		case domain.LOAUSTollFree:
			// A RespOrg change: three business days, not the simple port's one.
			if o.LeadTime == nil || o.LeadTime.WorkingDays != 3 || !strings.Contains(o.LeadTime.Rule, "RespOrg") {
				t.Errorf("toll-free lead time: %+v", o.LeadTime)
			}
		case domain.LOAInternational:
			if o.LeadTime != nil || o.CheckRequired != 1 {
				t.Errorf("premium order: %+v", o)
			}
		}
	}
}
