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

// The team's actions: fixes with codes, the FOC and its changes, the 48-hour rule, assigning.
func TestTeamDesk(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		ctx := context.Background()
		srv := smtptest.Start(t)
		m, _ := notify.NewSMTP(notify.SMTPConfig{Host: srv.Host, Port: srv.Port, TLS: "none"})
		env.UseMailer(t, m)
		// Monday 23 November 2026, 09:00 London.
		env.Clock.Set(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC))
		c := env.NewCustomer(t, "Acme", 0, domain.CountryGB)
		staff, _ := env.NewStaff(t, "agent@op.example", domain.RoleAgent)
		p := env.Submitted(t, c.Actor, "0113 496 0710")

		// Fixes: codes must be known, and customers cannot send requests back.
		if _, err := env.Team.RequestFix(ctx, c.Actor, p.ID, p.Version, []domain.Rejection{{Code: domain.RejectPIN}}, ""); !domain.IsCode(err, domain.ErrForbidden) {
			t.Fatalf("customer fix: %v", err)
		}
		for _, bad := range [][]domain.Rejection{nil, {{Code: "nope"}}, {{Code: domain.RejectPIN}, {Code: domain.RejectPIN}}} {
			if _, err := env.Team.RequestFix(ctx, staff, p.ID, p.Version, bad, ""); !domain.IsCode(err, domain.ErrInvalid) {
				t.Fatalf("fix %v: %v", bad, err)
			}
		}
		p, err := env.Team.RequestFix(ctx, staff, p.ID, p.Version, []domain.Rejection{{Code: domain.RejectAccountNumber}, {Code: domain.RejectPIN, Note: "BT says the PIN is 4 digits."}}, "Call us if stuck.")
		if err != nil {
			t.Fatal(err)
		}
		if p.Status != domain.StatusActionRequired || len(p.Rejections) != 2 || !strings.Contains(p.StatusReason, "copy it from the latest bill") || !strings.Contains(p.StatusReason, "Call us if stuck.") {
			t.Fatalf("fix: %+v", p)
		}
		if err := env.Delivery.DeliverEventEmails(ctx, domain.EventEmailArgs{EventID: env.LastEvent(t, p.ID, domain.EventStatusChanged).ID}); err != nil {
			t.Fatal(err)
		}
		var fixMail string
		for _, r := range srv.Wait(1, 5*time.Second) {
			if text, _ := r.Text(); strings.Contains(text, "needs a change") {
				fixMail = text
			}
		}
		if !strings.Contains(fixMail, "BT says the PIN is 4 digits.") || !strings.Contains(fixMail, "Call us if stuck.") {
			t.Fatalf("the fix email lacks the fixes:\n%s", fixMail)
		}
		// Resubmitting clears the rejections.
		if p, err = env.PortIns.Submit(ctx, c.Actor, p.ID, p.Version); err != nil || p.Rejections != nil {
			t.Fatalf("resubmit: %v %+v", err, p.Rejections)
		}
		if p, err = env.PortIns.Transition(ctx, staff, p.ID, p.Version, domain.StatusInProgress, ""); err != nil {
			t.Fatal(err)
		}

		// The FOC: not in the past, not a weekend or a bank holiday, not by plain transition.
		if _, err := env.PortIns.Transition(ctx, staff, p.ID, p.Version, domain.StatusScheduled, ""); !domain.IsCode(err, domain.ErrInvalid) {
			t.Fatalf("scheduled without a FOC: %v", err)
		}
		for _, bad := range []time.Time{
			time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC), // past
			time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC), // Saturday
			time.Date(2026, 12, 28, 10, 0, 0, 0, time.UTC), // Boxing Day, observed
		} {
			if _, err := env.Team.Schedule(ctx, staff, p.ID, p.Version, bad, true); !domain.IsCode(err, domain.ErrInvalid) {
				t.Fatalf("FOC %v: %v", bad, err)
			}
		}
		if _, err := env.Team.Schedule(ctx, c.Actor, p.ID, p.Version, env.FOC("GB", 5), true); !domain.IsCode(err, domain.ErrForbidden) {
			t.Fatalf("customer FOC: %v", err)
		}
		foc := time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC) // Wednesday
		if p, err = env.Team.Schedule(ctx, staff, p.ID, p.Version, foc, true); err != nil || p.Status != domain.StatusScheduled || !p.FOC.Equal(foc) {
			t.Fatalf("schedule: %v %+v", err, p)
		}
		moved := time.Date(2026, 12, 3, 14, 30, 0, 0, time.UTC)
		if p, err = env.Team.Schedule(ctx, staff, p.ID, p.Version, moved, true); err != nil || !p.FOC.Equal(moved) {
			t.Fatalf("move FOC: %v", err)
		}
		change := env.LastEvent(t, p.ID, domain.EventFOCChanged)
		if !strings.Contains(change.Detail, "Wednesday 2 December 2026 at 10:00 GMT") || !strings.Contains(change.Detail, "Thursday 3 December 2026 at 14:30 GMT") {
			t.Fatalf("FOC change: %q", change.Detail)
		}
		if err := env.Delivery.DeliverEventEmails(ctx, domain.EventEmailArgs{EventID: change.ID}); err != nil {
			t.Fatal(err)
		}
		got := srv.Wait(2, 5*time.Second)
		if last, _ := got[len(got)-1].Text(); !strings.Contains(last, "Thursday 3 December 2026 at 14:30 GMT") || !strings.Contains(last, "BEGIN:VCALENDAR") {
			t.Fatalf("the scheduled email lacks the date or the invitation:\n%s", last)
		}

		// Within 48 hours of the FOC the customer cannot cancel; the team can, with a reason.
		env.Clock.Set(moved.Add(-47 * time.Hour))
		if _, err := env.PortIns.Transition(ctx, c.Actor, p.ID, p.Version, domain.StatusCancelled, ""); !domain.IsCode(err, domain.ErrIllegalTransition) || !strings.Contains(err.Error(), "48 hours") {
			t.Fatalf("customer cancel near the FOC: %v", err)
		}

		// Assigning: only to the team.
		if _, err := env.Team.Assign(ctx, staff, p.ID, p.Version, c.Admin.ID); !domain.IsCode(err, domain.ErrInvalid) {
			t.Fatalf("assign to a customer: %v", err)
		}
		if p, err = env.Team.Assign(ctx, staff, p.ID, p.Version, staff.UserID); err != nil || p.AssignedTo != staff.UserID {
			t.Fatalf("assign: %v", err)
		}
		if env.LastEvent(t, p.ID, domain.EventAssigned).Detail == "" {
			t.Fatal("no assignment event")
		}
		if p, err = env.PortIns.Transition(ctx, staff, p.ID, p.Version, domain.StatusCancelled, "Customer asked by phone"); err != nil {
			t.Fatalf("staff cancel near the FOC: %v", err)
		}
	})
}
