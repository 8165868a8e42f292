package portin_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/portin"
)

// The port completes at its FOC by a job that may run early, late or twice: the numbers go
// live once, and SMS follows three business days later, once.
func TestCompletionAtFOCAndSMS(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		ctx := context.Background()
		// Monday 23 November 2026, 09:00 London.
		env.Clock.Set(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC))
		c := env.NewCustomer(t, "Live", 0, domain.CountryGB)
		staff, _ := env.NewStaff(t, "agent@op.example", domain.RoleAgent)
		p := env.Submitted(t, c.Actor, "0113 496 0750")
		if _, err := env.PortIns.Transition(ctx, staff, p.ID, p.Version, domain.StatusActionRequired, strings.Repeat("fix ", 501)); !domain.IsCode(err, domain.ErrInvalid) {
			t.Fatalf("a 2,004-character reason: %v", err)
		}
		p, err := env.PortIns.Transition(ctx, staff, p.ID, p.Version, domain.StatusInProgress, "")
		if err != nil {
			t.Fatal(err)
		}
		first := time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)
		if p, err = env.Team.Schedule(ctx, staff, p.ID, p.Version, first, true); err != nil {
			t.Fatal(err)
		}
		foc := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC) // moved: the first job must do nothing
		if p, err = env.Team.Schedule(ctx, staff, p.ID, p.Version, foc, true); err != nil {
			t.Fatal(err)
		}
		// Too early by the desk's clock: the job is tried again when the FOC comes.
		var early *domain.NotYetError
		if err := env.PortIns.CompleteAtFOC(ctx, domain.CompleteAtFOCArgs{PortInID: p.ID, FOC: foc}); !errors.As(err, &early) || early.Wait <= 0 {
			t.Fatalf("completed before the FOC: %v", err)
		}
		env.Clock.Set(foc.Add(time.Minute))
		if err := env.PortIns.CompleteAtFOC(ctx, domain.CompleteAtFOCArgs{PortInID: p.ID, FOC: first}); err != nil {
			t.Fatal(err)
		}
		if got, _ := env.Store.PortIn(ctx, p.ID); got.Status != domain.StatusScheduled {
			t.Fatalf("the moved FOC's job completed the port: %s", got.Status)
		}
		for range 2 { // a retry, or a second replica: the same outcome
			if err := env.PortIns.CompleteAtFOC(ctx, domain.CompleteAtFOCArgs{PortInID: p.ID, FOC: foc}); err != nil {
				t.Fatal(err)
			}
		}
		got, _ := env.Store.PortIn(ctx, p.ID)
		completed := env.CountEvents(t, p.ID, func(e domain.PortInEvent) bool { return e.To == domain.StatusCompleted })
		if got.Status != domain.StatusCompleted || completed != 1 {
			t.Fatalf("status %s, %d completion events", got.Status, completed)
		}
		inv, _ := env.Store.InventoryByNumbers(ctx, []string{"+441134960750"})
		if n := inv["+441134960750"]; n.Status != domain.InventoryActive || n.SMS != domain.SMSPending || n.AccountID != c.Account.ID {
			t.Fatalf("inventory: %+v", n)
		}

		if v, _ := env.PortIns.Get(ctx, c.Actor, p.ID); v.SMS["+441134960750"] != domain.SMSPending {
			t.Fatalf("the request does not say SMS is pending: %v", v.SMS)
		}
		// SMS three business days later (Thu 3 Dec → Tue 8 Dec), once; a run before then
		// (the job's schedule is the database's clock) waits.
		due := time.Date(2026, 12, 8, 10, 1, 0, 0, time.UTC)
		var notYet *domain.NotYetError
		if err := env.PortIns.EnableSMS(ctx, domain.EnableSMSArgs{PortInID: p.ID, Due: due}); !errors.As(err, &notYet) || notYet.Wait <= 0 {
			t.Fatalf("SMS enabled before its day: %v", err)
		}
		if inv, _ = env.Store.InventoryByNumbers(ctx, []string{"+441134960750"}); inv["+441134960750"].SMS != domain.SMSPending {
			t.Fatalf("an early run enabled SMS: %+v", inv["+441134960750"])
		}
		env.Clock.Set(due)
		for range 2 {
			if err := env.PortIns.EnableSMS(ctx, domain.EnableSMSArgs{PortInID: p.ID, Due: due}); err != nil {
				t.Fatal(err)
			}
		}
		inv, _ = env.Store.InventoryByNumbers(ctx, []string{"+441134960750"})
		enabled := env.CountEvents(t, p.ID, func(e domain.PortInEvent) bool { return e.Type == domain.EventSMSEnabled })
		if inv["+441134960750"].SMS != domain.SMSActive || enabled != 1 {
			t.Fatalf("sms %s, %d events", inv["+441134960750"].SMS, enabled)
		}

		// A mobile keeps SMS through the port: active at once, nothing to enable later.
		m := env.Submitted(t, c.Actor, "07912 345678")
		m, err = env.PortIns.Transition(ctx, staff, m.ID, m.Version, domain.StatusInProgress, "")
		if err != nil {
			t.Fatal(err)
		}
		if m, err = env.Team.Schedule(ctx, staff, m.ID, m.Version, env.FOC("GB", 2), true); err != nil {
			t.Fatal(err)
		}
		if _, err = env.PortIns.Transition(ctx, staff, m.ID, m.Version, domain.StatusCompleted, ""); err != nil {
			t.Fatal(err)
		}
		inv, _ = env.Store.InventoryByNumbers(ctx, []string{"+447912345678"})
		if inv["+447912345678"].SMS != domain.SMSActive {
			t.Fatalf("mobile SMS: %+v", inv["+447912345678"])
		}
		if err := env.PortIns.EnableSMS(ctx, domain.EnableSMSArgs{PortInID: m.ID}); err != nil {
			t.Fatal(err)
		}
		if n := env.CountEvents(t, m.ID, func(e domain.PortInEvent) bool { return e.Type == domain.EventSMSEnabled }); n != 0 {
			t.Fatalf("%d SMS events for a mobile", n)
		}
	})
}

// Some numbers can complete before the others: they go live at once; the request completes
// with the last ones, and nothing is activated twice.
func TestCompleteSomeNumbers(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		ctx := context.Background()
		c := env.NewCustomer(t, "Partial", 0, domain.CountryGB)
		staff, _ := env.NewStaff(t, "agent@op.example", domain.RoleAgent)
		p, err := env.PortIns.Create(ctx, c.Actor, portin.Changes{Numbers: []portin.NumberInput{{Number: "0113 496 0761"}, {Number: "0113 496 0762"}, {Number: "0113 496 0763"}}})
		if err != nil {
			t.Fatal(err)
		}
		if p, err = env.PortIns.Update(ctx, c.Actor, p.ID, p.Version, desktest.Complete()); err != nil {
			t.Fatal(err)
		}
		env.Paperwork(t, c.Actor, p.ID)
		v, _ := env.PortIns.Get(ctx, c.Actor, p.ID)
		if p, err = env.PortIns.Submit(ctx, c.Actor, p.ID, v.Version); err != nil {
			t.Fatal(err)
		}
		if _, err := env.PortIns.CompleteNumbers(ctx, staff, p.ID, p.Version, []string{"0113 496 0761"}); !domain.IsCode(err, domain.ErrIllegalTransition) {
			t.Fatalf("completing a submitted request's numbers: %v", err)
		}
		p, _ = env.PortIns.Transition(ctx, staff, p.ID, p.Version, domain.StatusInProgress, "")
		if _, err := env.PortIns.CompleteNumbers(ctx, c.Actor, p.ID, p.Version, []string{"0113 496 0761"}); !domain.IsCode(err, domain.ErrForbidden) {
			t.Fatalf("customer: %v", err)
		}
		if _, err := env.PortIns.CompleteNumbers(ctx, staff, p.ID, p.Version, []string{"0113 496 0999"}); !domain.IsCode(err, domain.ErrInvalid) {
			t.Fatalf("a number not on the request: %v", err)
		}
		if p, err = env.PortIns.CompleteNumbers(ctx, staff, p.ID, p.Version, []string{"0113 496 0761", "+441134960762"}); err != nil || p.Status != domain.StatusInProgress {
			t.Fatalf("partial: %v %s", err, p.Status)
		}
		inv, _ := env.Store.InventoryByNumbers(ctx, []string{"+441134960761", "+441134960762", "+441134960763"})
		if len(inv) != 2 || inv["+441134960761"].Status != domain.InventoryActive {
			t.Fatalf("inventory after the partial: %+v", inv)
		}
		if d := env.LastEvent(t, p.ID, domain.EventNumbersPorted).Detail; d != "2 numbers ported; 1 number still open" {
			t.Fatalf("event: %q", d)
		}
		// The request moves on; the ported numbers stay ported.
		if p, err = env.Team.Schedule(ctx, staff, p.ID, p.Version, env.FOC("GB", 3), true); err != nil {
			t.Fatal(err)
		}
		ns, _ := env.Store.PortInNumbers(ctx, p.ID)
		for _, n := range ns {
			if (n.Number == "+441134960763") == (n.Status == domain.NumberPorted) {
				t.Fatalf("%s is %s", n.Number, n.Status)
			}
		}
		if _, err := env.PortIns.CompleteNumbers(ctx, staff, p.ID, p.Version, []string{"0113 496 0761"}); !domain.IsCode(err, domain.ErrInvalid) {
			t.Fatalf("completing a ported number again: %v", err)
		}
		if p, err = env.PortIns.CompleteNumbers(ctx, staff, p.ID, p.Version, []string{"0113 496 0763"}); err != nil || p.Status != domain.StatusCompleted {
			t.Fatalf("the last one: %v %s", err, p.Status)
		}
		inv, _ = env.Store.InventoryByNumbers(ctx, []string{"+441134960761", "+441134960762", "+441134960763"})
		if len(inv) != 3 {
			t.Fatalf("inventory: %+v", inv)
		}
		if n := env.CountEvents(t, p.ID, func(e domain.PortInEvent) bool { return e.To == domain.StatusCompleted }); n != 1 {
			t.Fatalf("%d completions", n)
		}
	})
}
