package portin_test

import (
	"testing"

	"github.com/portdesk/portdesk/internal/app"
	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/portin"
)

// The agreements are compiled once per version and kept, yet every change to them, made by
// this replica or another, and every change to the request, shows on the very next GET.
func TestAgreementsAndRequestChangesSeenOnNextGet(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		c := env.NewCustomer(t, "Acme", 0, domain.CountryGB)
		staff, _ := env.NewStaff(t, "admin@op.example", domain.RoleAdmin)
		in := desktest.Complete()
		in.Numbers = []portin.NumberInput{{Number: "0113 496 1234"}} // Gamma's range
		lp := "Gamma"
		in.LosingProvider = &lp
		p, err := env.PortIns.Create(ctx, c.Actor, in)
		if err != nil {
			t.Fatal(err)
		}
		// Another replica: its own use cases on its own connections to the same database.
		deps := env.Deps
		deps.Store = env.Replica(t)
		other, err := app.New(deps)
		if err != nil {
			t.Fatal(err)
		}
		portable := func(step string) domain.Portable {
			t.Helper()
			v, err := env.PortIns.Get(ctx, c.Actor, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			if v.Plan == nil || len(v.Plan.Checks) != 1 {
				t.Fatalf("%s: plan %+v", step, v.Plan)
			}
			return v.Plan.Checks[0].Portable
		}
		if got := portable("at first"); got != domain.PortableYes {
			t.Fatalf("Gamma geographic at first: %s", got)
		}
		gamma := agreementNamed(t, env, "Gamma", "geographic")
		tests := []struct {
			name string
			team *app.App
			to   domain.Portable
		}{
			{"this replica stops porting from Gamma", env.App, domain.PortableNo},
			{"another replica makes it check_required", other, domain.CheckRequired},
			{"another replica ports from Gamma again", other, domain.PortableYes},
		}
		for _, tt := range tests {
			gamma.Portable = tt.to
			if gamma, err = tt.team.Team.UpdatePortingAgreement(ctx, staff, gamma); err != nil {
				t.Fatal(err)
			}
			if got := portable(tt.name); got != tt.to {
				t.Errorf("%s: the next GET says %s", tt.name, got)
			}
		}
		// Deleted on another replica: Gamma is no longer in the table at all.
		if err := other.Team.DeletePortingAgreement(ctx, staff, gamma.ID); err != nil {
			t.Fatal(err)
		}
		if got := portable("deleted"); got == domain.PortableYes {
			t.Errorf("after Gamma's agreement was deleted the next GET still says %s", got)
		}
		// A change to the request: the losing provider is now BT, which does not hold
		// Gamma's range, so the order is a subsequent (SUP) one on the next GET.
		subsequent := func(step string) bool {
			t.Helper()
			v, err := env.PortIns.Get(ctx, c.Actor, p.ID)
			if err != nil || v.Plan == nil || len(v.Plan.Plan.Orders) != 1 {
				t.Fatalf("%s: %+v %v", step, v.Plan, err)
			}
			return v.Plan.Plan.Orders[0].Subsequent
		}
		if subsequent("from Gamma") {
			t.Fatal("Gamma's own range from Gamma: a SUP order")
		}
		bt := "BT"
		v, _ := env.PortIns.Get(ctx, c.Actor, p.ID)
		if _, err := env.PortIns.Update(ctx, c.Actor, p.ID, v.Version, portin.Changes{LosingProvider: &bt}); err != nil {
			t.Fatal(err)
		}
		if !subsequent("from BT") {
			t.Error("after the losing provider changed to BT the next GET still has a PRO order")
		}
		// The request's JSON fields, kept decoded by their text in each replica's store,
		// changed on another replica: this one's next GET reads the new text, so the new
		// person and recipients, not what it decoded before.
		v, err = env.PortIns.Get(ctx, c.Actor, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		person := domain.Person{Name: "Sam Jones", Title: "Finance Director", Email: "sam@acme.example"}
		if _, err := other.PortIns.Update(ctx, c.Actor, p.ID, v.Version, portin.Changes{AuthorisedPerson: &person}); err != nil {
			t.Fatal(err)
		}
		if v, err = env.PortIns.Get(ctx, c.Actor, p.ID); err != nil || v.AuthorisedPerson != person {
			t.Errorf("after another replica changed the authorised person the next GET says %+v (%v)", v.AuthorisedPerson, err)
		}
	})
}
