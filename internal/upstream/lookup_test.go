package upstream_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/portdesk/portdesk/internal/carriers/telnyx/telnyxtest"
	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/portin"
	"github.com/portdesk/portdesk/internal/team"
)

// The check asks the carrier about US numbers when they are added, in one portability check
// for all of them and one lookup each, and keeps its answers a day: the check shows the
// losing carrier and whether each number is fast-port eligible, a number the carrier cannot
// port is set aside for its reason (and the team is told), a check within the day asks
// nothing, one a day later asks again, and a carrier that fails leaves the check to the
// registers, saying so, until it answers.
func TestCarrierLookup(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		ctx := context.Background()
		fake := telnyxtest.New(t, env.Clock.Now)
		admin, _ := env.NewStaff(t, "admin@op.example", domain.RoleAdmin)
		carrier, err := env.Team.SaveCarrier(ctx, admin, 0, team.CarrierInput{Name: "Telnyx", Email: "porting@telnyx.example",
			Countries: []string{"US", "CA"}, Kind: domain.CarrierTelnyx, APIURL: fake.APIURL(), WebhookKey: fake.PublicKey})
		if err != nil {
			t.Fatal(err)
		}
		if err := env.Team.SetCarrierKey(ctx, admin, carrier.ID, fake.Key); err != nil {
			t.Fatal(err)
		}
		const plain, fast, refused, later = "+12015550234", "+12015550235", "+12015550236", "+12015550237"
		fake.SetAnswer(fast, telnyxtest.Answer{Carrier: "Verizon Wireless", CarrierType: "mobile", Portable: true, FastPortable: true})
		fake.SetAnswer(refused, telnyxtest.Answer{Carrier: "Rural Telco", CarrierType: "fixed line", NotPortableReason: "No coverage in the rate center"})
		c := env.NewCustomer(t, "Acme", 0, domain.CountryUS)
		p, err := env.PortIns.Create(ctx, c.Actor, portin.Changes{Numbers: []portin.NumberInput{{Number: plain}, {Number: fast}, {Number: refused}}})
		if err != nil {
			t.Fatal(err)
		}
		calls := func(wantChecks, wantLookups int) {
			t.Helper()
			if got, lk := fake.Calls("POST /v2/portability_checks"), fake.Calls("GET /v2/number_lookup/"); got != wantChecks || lk != wantLookups {
				t.Fatalf("calls to the carrier: %d portability checks, %d lookups; want %d, %d", got, lk, wantChecks, wantLookups)
			}
		}
		if n, errs := env.RunLookupJobs(t); n != 1 || len(errs) != 0 {
			t.Fatalf("lookup jobs: %d %v", n, errs)
		}
		calls(1, 3)
		byNumber := func() (map[string]domain.Check, portin.RequestPlan) {
			t.Helper()
			rp, err := env.PortIns.Plan(ctx, c.Actor, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			out := map[string]domain.Check{}
			for _, ch := range rp.Checks {
				out[ch.E164] = ch
			}
			return out, rp
		}
		checks, rp := byNumber()
		if a := checks[plain].Carrier; a == nil || a.Status != domain.CarrierSaysPortable || a.LosingCarrier != telnyxtest.DefaultCarrier ||
			checks[plain].Portable != domain.PortableYes {
			t.Fatalf("portable: %+v %+v", checks[plain], a)
		}
		if a := checks[fast].Carrier; a == nil || a.Status != domain.CarrierSaysFastPort || a.LosingCarrier != "Verizon Wireless" ||
			a.LosingCarrierType != "mobile" || !strings.Contains(a.Message, "Fast-port eligible") {
			t.Fatalf("fast-port: %+v", a)
		}
		ch := checks[refused]
		if ch.Carrier == nil || ch.Carrier.Status != domain.CarrierSaysNotPortable || ch.Portable != domain.PortableNo ||
			ch.Reasons[0] != domain.ReasonCarrierNotPortable || !strings.Contains(ch.Message, "No coverage in the rate center") {
			t.Fatalf("not portable: %+v %+v", ch, ch.Carrier)
		}
		if len(rp.Plan.SetAside) != 1 || rp.Plan.SetAside[0].Number != refused || domain.SetAsideLabel(rp.Plan.SetAside[0].Reasons[0]) == domain.SetAsideLabel("") {
			t.Fatalf("set aside: %+v", rp.Plan.SetAside)
		}
		if notes, _ := env.Store.Notes(ctx, p.ID, true); len(notes) != 1 || !strings.Contains(notes[0].Body, refused) || !notes[0].Internal {
			t.Fatalf("the team's note: %+v", notes)
		}

		// Within the day: checking asks nothing; a number added is asked about alone.
		all := []string{plain, fast, refused, later}
		if _, err := env.PortIns.CheckNumbers(ctx, c.Actor, portin.CheckRequest{}, all[:3]); err != nil {
			t.Fatal(err)
		}
		v, _ := env.PortIns.Get(ctx, c.Actor, p.ID)
		if _, err := env.PortIns.AddNumbers(ctx, c.Actor, p.ID, v.Version, portin.RowList([]domain.NumberRow{{Line: 1, Number: later}}), false); err != nil {
			t.Fatal(err)
		}
		env.RunLookupJobs(t)
		calls(2, 4)

		// A day and an hour later the answers are not used, and a check asks again.
		env.Clock.Advance(25 * time.Hour)
		if checks, _ = byNumber(); checks[plain].Carrier != nil || checks[refused].Portable != domain.PortableYes {
			t.Fatalf("a stale answer used: %+v", checks[refused])
		}
		if _, err := env.PortIns.CheckNumbers(ctx, c.Actor, portin.CheckRequest{}, all); err != nil {
			t.Fatal(err)
		}
		env.RunLookupJobs(t)
		calls(3, 8)

		// The carrier down: the job fails (River tries again), the check goes by the
		// registers and says so; the carrier's answer once it is back.
		env.Clock.Advance(25 * time.Hour)
		fake.FailOn("POST /v2/portability_checks", 500)
		if _, err := env.PortIns.CheckNumbers(ctx, c.Actor, portin.CheckRequest{}, all); err != nil {
			t.Fatal(err)
		}
		if _, errs := env.RunLookupJobs(t); len(errs) != 1 || !domain.IsCode(errs[0], domain.ErrUnavailable) {
			t.Fatalf("the job with the carrier down: %v", errs)
		}
		checks, rp = byNumber()
		if a := checks[refused].Carrier; a == nil || a.Status != domain.CarrierSaysUnavailable || !strings.Contains(a.Message, "registers") ||
			checks[refused].Portable != domain.PortableYes || len(rp.Plan.SetAside) != 0 {
			t.Fatalf("fallback: %+v %+v", checks[refused], a)
		}
		if err := env.Upstream.LookUp(ctx, domain.CarrierLookupArgs{Numbers: all}); err != nil { // River's retry
			t.Fatal(err)
		}
		calls(5, 12)
		if checks, _ = byNumber(); checks[refused].Portable != domain.PortableNo {
			t.Fatalf("after the retry: %+v", checks[refused])
		}
	})
}
