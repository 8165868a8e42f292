package desk_test

import (
	"context"
	"testing"
	"time"

	"github.com/portdesk/portdesk/desk"
	"github.com/portdesk/portdesk/desktest"
	"github.com/portdesk/portdesk/domain"
)

func countEvents(t *testing.T, env *desktest.Env, id int64, match func(domain.Event) bool) int {
	t.Helper()
	es, err := env.Store.Events(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range es {
		if match(e) {
			n++
		}
	}
	return n
}

// The port completes at its FOC by a job that may run early, late or twice: the numbers go
// live once, and SMS follows three business days later, once.
func TestCompletionAtFOCAndSMS(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		ctx := context.Background()
		svc := env.Svc
		// Monday 23 November 2026, 09:00 London.
		env.Clock.Set(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC))
		c := env.NewCustomer(t, "Live", 0, domain.CountryGB)
		staff, _ := env.NewStaff(t, "agent@op.example", domain.RoleAgent)
		p := submitted(t, env, c, "0113 496 0750")
		p, err := svc.Transition(ctx, staff, p.ID, p.Version, domain.StatusInProgress, "")
		if err != nil {
			t.Fatal(err)
		}
		first := time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)
		if p, err = svc.Schedule(ctx, staff, p.ID, p.Version, first); err != nil {
			t.Fatal(err)
		}
		foc := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC) // moved: the first job must do nothing
		if p, err = svc.Schedule(ctx, staff, p.ID, p.Version, foc); err != nil {
			t.Fatal(err)
		}
		// Too early by the desk's clock: the job is tried again later.
		if err := svc.CompleteAtFOC(ctx, desk.CompleteAtFOCArgs{PortInID: p.ID, FOC: foc}); err == nil {
			t.Fatal("completed before the FOC")
		}
		env.Clock.Set(foc.Add(time.Minute))
		if err := svc.CompleteAtFOC(ctx, desk.CompleteAtFOCArgs{PortInID: p.ID, FOC: first}); err != nil {
			t.Fatal(err)
		}
		if got, _ := env.Store.PortIn(ctx, p.ID); got.Status != domain.StatusScheduled {
			t.Fatalf("the moved FOC's job completed the port: %s", got.Status)
		}
		for range 2 { // a retry, or a second replica: the same outcome
			if err := svc.CompleteAtFOC(ctx, desk.CompleteAtFOCArgs{PortInID: p.ID, FOC: foc}); err != nil {
				t.Fatal(err)
			}
		}
		got, _ := env.Store.PortIn(ctx, p.ID)
		completed := countEvents(t, env, p.ID, func(e domain.Event) bool { return e.To == domain.StatusCompleted })
		if got.Status != domain.StatusCompleted || completed != 1 {
			t.Fatalf("status %s, %d completion events", got.Status, completed)
		}
		inv, _ := env.Store.InventoryByNumbers(ctx, []string{"+441134960750"})
		if n := inv["+441134960750"]; n.Status != domain.InventoryActive || n.SMS != domain.SMSPending || n.AccountID != c.Account.ID {
			t.Fatalf("inventory: %+v", n)
		}

		if v, _ := svc.PortIn(ctx, c.Actor, p.ID); v.SMS["+441134960750"] != domain.SMSPending {
			t.Fatalf("the request does not say SMS is pending: %v", v.SMS)
		}
		// SMS three business days later (Thu 3 Dec → Tue 8 Dec), once.
		for range 2 {
			if err := svc.EnableSMS(ctx, desk.EnableSMSArgs{PortInID: p.ID}); err != nil {
				t.Fatal(err)
			}
		}
		inv, _ = env.Store.InventoryByNumbers(ctx, []string{"+441134960750"})
		enabled := countEvents(t, env, p.ID, func(e domain.Event) bool { return e.Type == domain.EventSMSEnabled })
		if inv["+441134960750"].SMS != domain.SMSActive || enabled != 1 {
			t.Fatalf("sms %s, %d events", inv["+441134960750"].SMS, enabled)
		}

		// A mobile keeps SMS through the port: active at once, nothing to enable later.
		m := submitted(t, env, c, "07912 345678")
		m, err = svc.Transition(ctx, staff, m.ID, m.Version, domain.StatusInProgress, "")
		if err != nil {
			t.Fatal(err)
		}
		if m, err = svc.Schedule(ctx, staff, m.ID, m.Version, env.FOC("GB", 2)); err != nil {
			t.Fatal(err)
		}
		if _, err = svc.Transition(ctx, staff, m.ID, m.Version, domain.StatusCompleted, ""); err != nil {
			t.Fatal(err)
		}
		inv, _ = env.Store.InventoryByNumbers(ctx, []string{"+447912345678"})
		if inv["+447912345678"].SMS != domain.SMSActive {
			t.Fatalf("mobile SMS: %+v", inv["+447912345678"])
		}
		if err := svc.EnableSMS(ctx, desk.EnableSMSArgs{PortInID: m.ID}); err != nil {
			t.Fatal(err)
		}
		if n := countEvents(t, env, m.ID, func(e domain.Event) bool { return e.Type == domain.EventSMSEnabled }); n != 0 {
			t.Fatalf("%d SMS events for a mobile", n)
		}
	})
}
