package api

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/portin"
)

// TestDraftCacheFollowsItsPlan: a GET of a draft, whose plan reads beyond the draft's own
// rows, is sent from the cache while none of what it read has changed, and never once
// something has: the inventory holding its number, the agreements, the price table, the
// carriers, a carrier's answer, the range data, the minute (lead times turn on the hour
// and the day).
// Another customer's writes and the inventory's other numbers leave it kept; so is a draft
// of many numbers.
func TestDraftCacheFollowsItsPlan(t *testing.T) {
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		c, x := newClientAPI(t, env)
		ctx := context.Background()
		cust := env.NewCustomer(t, "Planned Co", 0, domain.CountryGB)
		other := env.NewCustomer(t, "Elsewhere Co", 0, domain.CountryGB)
		_, agent := env.NewStaff(t, "plan-agent@portdesk.test", domain.RoleAgent)
		pr := &cacheProbe{c: c, x: x, readers: []string{cust.Token, agent}}
		const number = "+441134960400"
		create := func(a domain.Actor, numbers ...string) int64 {
			t.Helper()
			in := desktest.Complete()
			for _, n := range numbers {
				in.Numbers = append(in.Numbers, portin.NumberInput{Number: n})
			}
			p, err := env.PortIns.Create(ctx, a, in)
			if err != nil {
				t.Fatal(err)
			}
			return p.ID
		}
		id := create(cust.Actor, number)
		nonePortable := func(p portInJSON) bool {
			return slices.ContainsFunc(p.Missing, func(f domain.FieldError) bool { return f.Code == "none_portable" })
		}
		portable := func(p portInJSON) bool { return !nonePortable(p) }
		any := func(portInJSON) bool { return true }
		pr.kept(t, "a draft", id)

		create(other.Actor, "+441134960401")
		elsewhere := domain.InventoryNumber{AccountID: other.Account.ID, Number: "+441134960402", Status: domain.InventoryActive,
			SMS: domain.SMSActive, CreatedAt: env.Clock.Now(), UpdatedAt: env.Clock.Now()}
		if err := env.Store.CreateInventoryNumber(ctx, &elsewhere); err != nil {
			t.Fatal(err)
		}
		env.Clock.Advance(20 * time.Second)
		for _, tok := range pr.readers {
			if _, _, cached := pr.get(t, tok, id); !cached {
				t.Fatal("another customer's draft, another number's inventory or a few seconds made the draft be read again")
			}
		}

		env.Clock.Advance(time.Minute)
		pr.fresh(t, "the next minute", id, portable)
		pr.kept(t, "the draft a minute on", id)

		held := domain.InventoryNumber{AccountID: other.Account.ID, Number: number, Status: domain.InventoryActive,
			SMS: domain.SMSActive, CreatedAt: env.Clock.Now(), UpdatedAt: env.Clock.Now()}
		if err := env.Store.CreateInventoryNumber(ctx, &held); err != nil {
			t.Fatal(err)
		}
		pr.fresh(t, "its number into another account's inventory", id, nonePortable)
		pr.kept(t, "the draft of a held number", id)
		if _, err := env.Store.SetInventoryStatus(ctx, other.Account.ID, []string{number}, domain.InventoryActive, domain.InventoryPortingOut, env.Clock.Now()); err != nil {
			t.Fatal(err)
		}
		if _, err := env.Store.ReleaseInventoryNumbers(ctx, other.Account.ID, []string{number}, env.Clock.Now()); err != nil {
			t.Fatal(err)
		}
		pr.fresh(t, "its number released", id, portable)
		pr.kept(t, "the draft of a released number", id)

		ag := domain.PortingAgreement{Country: "GB", Provider: "Plan Telecom", Portable: domain.PortableNo, UpdatedAt: env.Clock.Now()}
		if err := env.Store.CreatePortingAgreement(ctx, &ag); err != nil {
			t.Fatal(err)
		}
		pr.fresh(t, "an agreement added", id, any)
		pr.kept(t, "the draft under the new agreement", id)
		if err := env.Store.DeletePortingAgreement(ctx, ag.ID); err != nil {
			t.Fatal(err)
		}
		pr.fresh(t, "the agreement removed", id, portable)

		pr.kept(t, "the draft before the prices change", id)
		if err := env.Store.SetSetting(ctx, "price_table", `{"currency":"GBP"}`, env.Clock.Now()); err != nil {
			t.Fatal(err)
		}
		pr.fresh(t, "the price table saved", id, any)
		pr.kept(t, "the draft at the new prices", id)
		carrier := domain.Carrier{Name: "Plan Carrier", Email: "lnp@plan.example", Kind: domain.CarrierByEmail}
		if err := env.Store.CreateCarrier(ctx, &carrier); err != nil {
			t.Fatal(err)
		}
		pr.fresh(t, "a carrier added", id, any)
		pr.kept(t, "the draft with a new carrier", id)
		if err := env.Store.PutCarrierNumberFacts(ctx, []domain.CarrierNumberFacts{{Number: number, CarrierName: "Plan Carrier",
			Portable: true, AskedAt: env.Clock.Now()}}); err != nil {
			t.Fatal(err)
		}
		pr.fresh(t, "a carrier's answer for its number", id, any)
		pr.kept(t, "the draft with a carrier's answer", id)
		env.Deps.Checker.Ranges().Swap(desktest.SampleRanges(t).InUse())
		pr.fresh(t, "the range data reloaded", id, any)

		// Nothing is summed over a draft's numbers to keep it: a large draft is kept too.
		var many []string
		for i := range 250 {
			many = append(many, fmt.Sprintf("+44113497%04d", i))
		}
		pr.kept(t, "a draft of many numbers", create(cust.Actor, many...))
	})
}
