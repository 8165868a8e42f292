package portin_test

import (
	"slices"
	"testing"

	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/portin"
)

func agreementNamed(t *testing.T, env *desktest.Env, provider, category string) domain.PortingAgreement {
	t.Helper()
	rows, err := env.Team.PortingAgreements(ctx, desk.System())
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if r.Provider == provider && slices.Contains(r.Categories, category) {
			return r
		}
	}
	t.Fatalf("no %s agreement for %s", provider, category)
	return domain.PortingAgreement{}
}

// A request of several range holders and LOA types is checked, quoted, dated, and split into
// orders on submission; a number that cannot be ported is set aside, not a blocker.
func TestSubmitSplitsSetsAsideAndNeedsTheQuote(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		c := env.NewCustomer(t, "Acme", 0, domain.CountryGB)
		staff, _ := env.NewStaff(t, "admin@op.example", domain.RoleAdmin)
		// A carrier fee to accept: GBP 25.00 a geographic number. The numbers are all the
		// customer's with BT, one carrier, so no admin charge however they split.
		pt := domain.DefaultPriceTable()
		pt.CarrierFees = []domain.CarrierFee{{Country: "GB", Category: "geographic", Fee: domain.Money{Amount: 2500, Currency: "GBP"}}}
		if _, err := env.Billing.SetPriceTable(ctx, staff, pt); err != nil {
			t.Fatal(err)
		}

		// The operator stops porting geographic numbers from Gamma: an audited change.
		gamma := agreementNamed(t, env, "Gamma", "geographic")
		gamma.Portable = domain.PortableNo
		gamma.Notes = "Agreement ended."
		if _, err := env.Team.UpdatePortingAgreement(ctx, c.Actor, gamma); !domain.IsCode(err, domain.ErrForbidden) {
			t.Fatalf("customer edits agreements: %v", err)
		}
		if _, err := env.Team.UpdatePortingAgreement(ctx, staff, gamma); err != nil {
			t.Fatal(err)
		}
		log, err := env.Team.AuditLog(ctx, staff, "porting_agreement:")
		if err != nil || len(log) == 0 || log[0].Action != "updated" || log[0].ActorID != staff.UserID {
			t.Fatalf("audit: %+v %v", log, err)
		}

		p, err := env.PortIns.Create(ctx, c.Actor, desktest.Complete())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := env.PortIns.AddNumbers(ctx, c.Actor, p.ID, p.Version, portin.RowList(portin.Rows([]portin.NumberInput{
			{Number: "0113 496 0001"}, {Number: "0113 496 0002"}, // BT, geographic
			{Number: "020 7946 0001"}, // Virgin Media holds the range: a SUP order
			{Number: "0800 123 4567"}, // BT, non-geographic LOA
			{Number: "0113 496 1234"}, // Gamma: no longer portable
		})), false); err != nil {
			t.Fatal(err)
		}
		rp, err := env.PortIns.Plan(ctx, c.Actor, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(rp.Checks) != 5 || len(rp.Plan.Orders) != 3 || len(rp.Plan.SetAside) != 1 || rp.Plan.SetAside[0].Number != "+441134961234" {
			t.Fatalf("plan: %+v", rp.Plan)
		}
		if rp.QuoteAccepted || rp.Plan.Quote.Totals[0] != (domain.Money{Amount: 3 * 2500, Currency: "GBP"}) {
			t.Fatalf("quote: %+v accepted=%v", rp.Plan.Quote, rp.QuoteAccepted)
		}

		// Desired dates the lead times rule out are refused as they are entered.
		view, _ := env.PortIns.Get(ctx, c.Actor, p.ID)
		p = view.PortIn
		if !slices.Contains(fieldNames(view.Missing), "quote_acceptance") {
			t.Fatalf("missing before submit: %+v", view.Missing)
		}
		for _, d := range []string{"2026-11-28" /* a Saturday */, "2026-11-26" /* too soon */, "2027-02-15" /* too far */} {
			_, err := env.PortIns.Update(ctx, c.Actor, p.ID, p.Version, portin.Changes{DesiredDate: &d})
			if !domain.IsCode(err, domain.ErrInvalid) || !slices.Contains(fieldsOf(err), "desired_date") {
				t.Fatalf("desired date %s: %v", d, err)
			}
		}
		ok := rp.Plan.Earliest.Format("2006-01-02")
		if p, err = env.PortIns.Update(ctx, c.Actor, p.ID, p.Version, portin.Changes{DesiredDate: &ok}); err != nil {
			t.Fatalf("desired date %s: %v", ok, err)
		}

		// Charges must be accepted before submitting.
		_, err = env.PortIns.Submit(ctx, c.Actor, p.ID, p.Version)
		if !domain.IsCode(err, domain.ErrIncomplete) || !slices.Contains(fieldsOf(err), "quote_acceptance") {
			t.Fatalf("submit without accepting the quote: %v", err)
		}
		if _, err := env.PortIns.AcceptQuote(ctx, c.Actor, p.ID, p.Version, "not-the-hash"); !domain.IsCode(err, domain.ErrConflict) {
			t.Fatalf("accepting another quote: %v", err)
		}
		if p, err = env.PortIns.AcceptQuote(ctx, c.Actor, p.ID, p.Version, rp.Plan.Quote.Hash); err != nil {
			t.Fatal(err)
		}
		if p.QuoteAcceptance == nil || p.QuoteAcceptance.UserID != c.Admin.ID || p.QuoteAcceptance.Totals[0].Amount != 7500 {
			t.Fatalf("acceptance: %+v", p.QuoteAcceptance)
		}
		env.Paperwork(t, c.Actor, p.ID)
		if p, err = env.PortIns.Submit(ctx, c.Actor, p.ID, p.Version); err != nil {
			t.Fatal(err)
		}
		if p.Status != domain.StatusSplit {
			t.Fatalf("parent status %s", p.Status)
		}
		rp, err = env.PortIns.Plan(ctx, c.Actor, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(rp.Children) != 3 || rp.Rollup[domain.StatusSubmitted] != 3 {
			t.Fatalf("children: %+v rollup %v", rp.Children, rp.Rollup)
		}
		var total int
		for _, ch := range rp.Children {
			cv, err := env.PortIns.Get(ctx, c.Actor, ch.ID)
			if err != nil {
				t.Fatal(err)
			}
			ns := cv.Numbers
			total += len(ns)
			for _, n := range ns {
				if n.Status != domain.NumberSubmitted {
					t.Fatalf("child number %+v", n)
				}
			}
			if ch.ParentID != p.ID || ch.Status != domain.StatusSubmitted || ch.DesiredDate == nil {
				t.Fatalf("child %+v", ch.PortIn)
			}
		}
		if total != 4 {
			t.Fatalf("%d numbers in the orders, want 4", total)
		}
		pv, _ := env.PortIns.Get(ctx, c.Actor, p.ID)
		left := pv.Numbers
		if len(left) != 1 || left[0].Status != domain.NumberSetAside || !slices.Contains(left[0].Warnings, domain.ReasonNoAgreement) {
			t.Fatalf("set aside: %+v", left)
		}
		evs, _ := env.PortIns.Events(ctx, c.Actor, p.ID)
		var types []domain.EventType
		for _, e := range evs {
			types = append(types, e.Type)
		}
		for _, want := range []domain.EventType{domain.EventQuoteAccepted, domain.EventSetAside, domain.EventSplit} {
			if !slices.Contains(types, want) {
				t.Errorf("events %v lack %s", types, want)
			}
		}

		// Checks see the orders' numbers as taken; another customer learns only that the
		// number is not available.
		other := env.NewCustomer(t, "Other", 0, domain.CountryGB)
		for _, tc := range []struct {
			who  domain.Actor
			kind string
		}{{c.Actor, domain.ConflictOpenPort}, {other.Actor, domain.ConflictNotAvailable}} {
			res, err := env.PortIns.CheckNumbers(ctx, tc.who, portin.CheckRequest{}, []string{"01134960001", "+441134961234"})
			if err != nil {
				t.Fatal(err)
			}
			if len(res[0].Conflicts) != 1 || res[0].Conflicts[0].Kind != tc.kind || (res[0].Conflicts[0].PortInID != 0) != (tc.who == c.Actor) {
				t.Fatalf("conflicts: %+v", res[0])
			}
			if len(res[1].Conflicts) != 0 || res[1].Portable != domain.PortableNo {
				t.Fatalf("set-aside number: %+v", res[1])
			}
		}
	})
}

func fieldNames(fs []domain.FieldError) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Field)
	}
	return out
}
