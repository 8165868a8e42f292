package team_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/notify"
	"github.com/portdesk/portdesk/internal/notify/smtptest"
)

// The team is reminded once of a request without a FOC after five business days, and once
// on the business day before a FOC; customers never see the reminders.
func TestReminders(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		ctx := context.Background()
		srv := smtptest.Start(t)
		m, _ := notify.NewSMTP(notify.SMTPConfig{Host: srv.Host, Port: srv.Port, TLS: "none"})
		env.UseMailer(t, m)
		env.Clock.Set(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)) // Monday
		c := env.NewCustomer(t, "Slow", 0, domain.CountryGB)
		staff, _ := env.NewStaff(t, "agent@op.example", domain.RoleAgent)
		p := env.Submitted(t, c.Actor, "0113 496 0790")
		reminders := func() int {
			return env.CountEvents(t, p.ID, func(e domain.PortInEvent) bool { return e.Type == domain.EventReminder })
		}
		if n, err := env.Team.Reminders(ctx); err != nil || n != 0 || reminders() != 0 {
			t.Fatalf("fresh request reminded: %d %v", n, err)
		}
		env.Clock.Set(time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)) // six business days on
		for range 2 {
			if _, err := env.Team.Reminders(ctx); err != nil {
				t.Fatal(err)
			}
		}
		if reminders() != 1 {
			t.Fatalf("%d stuck reminders, want 1", reminders())
		}
		stuck := env.LastEvent(t, p.ID, domain.EventReminder)
		if err := env.Delivery.DeliverEventEmails(ctx, domain.EventEmailArgs{EventID: stuck.ID}); err != nil {
			t.Fatal(err)
		}
		got := srv.Wait(1, 5*time.Second)
		if len(got) != 1 || got[0].To[0] != "porting-team@portdesk.test" {
			t.Fatalf("reminder email: %+v", got)
		}
		if text, _ := got[0].Text(); !strings.Contains(text, "No FOC after 6 business days") {
			t.Fatalf("reminder text:\n%s", text)
		}
		es, _ := env.PortIns.Events(ctx, c.Actor, p.ID)
		for _, e := range es {
			if e.Type == domain.EventReminder {
				t.Fatal("the customer sees the team's reminder")
			}
		}
		// Scheduled for Thursday 3 December: reminded on Wednesday, once.
		p, _ = env.PortIns.Transition(ctx, staff, p.ID, p.Version, domain.StatusInProgress, "")
		p, err := env.Team.Schedule(ctx, staff, p.ID, p.Version, time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC), true)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := env.Team.Reminders(ctx); err != nil || reminders() != 1 {
			t.Fatalf("reminded two days before: %d", reminders())
		}
		env.Clock.Set(time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC))
		for range 2 {
			if _, err := env.Team.Reminders(ctx); err != nil {
				t.Fatal(err)
			}
		}
		if reminders() != 2 || !strings.HasPrefix(env.LastEvent(t, p.ID, domain.EventReminder).Detail, "Port tomorrow") {
			t.Fatalf("FOC-eve reminders: %d", reminders())
		}
	})
}
