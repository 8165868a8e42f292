package portin_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/portin"
)

// After submission numbers and the desired date may still change, as supplemental orders:
// the request goes back to submitted, its FOC void, and the team sees what changed.
func TestSupplementalChanges(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		ctx := context.Background()
		env.Clock.Set(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC))
		c := env.NewCustomer(t, "Supp", 0, domain.CountryGB)
		staff, _ := env.NewStaff(t, "agent@op.example", domain.RoleAgent)
		p := env.Submitted(t, c.Actor, "0113 496 0791")
		p, _ = env.PortIns.Transition(ctx, staff, p.ID, p.Version, domain.StatusInProgress, "")
		p, err := env.Team.Schedule(ctx, staff, p.ID, p.Version, time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC), true)
		if err != nil {
			t.Fatal(err)
		}
		res, err := env.PortIns.AddNumbers(ctx, c.Actor, p.ID, p.Version, portin.RowList(portin.Rows([]portin.NumberInput{{Number: "0113 496 0792"}})), false)
		if err != nil || res.Added != 1 {
			t.Fatalf("supplemental add: %v %+v", err, res)
		}
		got, _ := env.Store.PortIn(ctx, p.ID)
		supp := env.LastEvent(t, p.ID, domain.EventSupplemental)
		if got.Status != domain.StatusSubmitted || got.FOC != nil || !strings.Contains(supp.Detail, "1 number added (Scheduled → Submitted)") {
			t.Fatalf("after adding: %s %v %q", got.Status, got.FOC, supp.Detail)
		}
		if got, err = env.PortIns.RemoveNumber(ctx, c.Actor, p.ID, got.Version, "0113 496 0791"); err != nil {
			t.Fatal(err)
		}
		if d := env.LastEvent(t, p.ID, domain.EventSupplemental).Detail; d != "Supplemental: +441134960791 removed" {
			t.Fatalf("removal: %q", d)
		}
		date := "2026-12-14"
		if got, err = env.PortIns.Update(ctx, c.Actor, p.ID, got.Version, portin.Changes{DesiredDate: &date}); err != nil {
			t.Fatal(err)
		}
		if d := env.LastEvent(t, p.ID, domain.EventSupplemental).Detail; !strings.Contains(d, "desired date Mon 14 Dec 2026") {
			t.Fatalf("date: %q", d)
		}
		// The details a carrier checked stay as submitted.
		name := "Someone Else Ltd"
		if _, err := env.PortIns.Update(ctx, c.Actor, p.ID, got.Version, portin.Changes{CustomerName: &name}); !domain.IsCode(err, domain.ErrIllegalTransition) {
			t.Fatalf("name change after submission: %v", err)
		}
		// Recipients change at any time, without a supplemental order.
		got, _ = env.PortIns.Transition(ctx, staff, p.ID, got.Version, domain.StatusInProgress, "")
		rcpts := []string{c.Admin.Email}
		if got, err = env.PortIns.Update(ctx, c.Actor, p.ID, got.Version, portin.Changes{Recipients: &rcpts}); err != nil || got.Status != domain.StatusInProgress {
			t.Fatalf("recipients: %v %s", err, got.Status)
		}
	})
}
