package delivery_test

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

// Each event's email goes to the request's creator (and, for a new request, the team's queue)
// over a real SMTP server; a retried delivery sends only what did not go, never twice.
func TestEventEmails(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		ctx := context.Background()
		srv := smtptest.Start(t)
		m, err := notify.NewSMTP(notify.SMTPConfig{Host: srv.Host, Port: srv.Port, TLS: "none"})
		if err != nil {
			t.Fatal(err)
		}
		env.UseMailer(t, m)
		c := env.NewCustomer(t, "Acme", 0, domain.CountryGB)
		staff, _ := env.NewStaff(t, "agent@op.example", domain.RoleAgent)
		p := env.Submitted(t, c.Actor, "0113 496 0701")

		submit := env.LastEvent(t, p.ID, domain.EventStatusChanged)
		deliver := func(e domain.StoredEvent, noteID int64) error {
			return env.Delivery.DeliverEventEmails(ctx, domain.EventEmailArgs{EventID: e.ID, NoteID: noteID})
		}
		if err := deliver(submit, 0); err != nil {
			t.Fatal(err)
		}
		got := desktest.Subjects(t, srv.Wait(2, 5*time.Second))
		if len(got) != 2 || !strings.Contains(got[c.Admin.Email], "We received your port request") || !strings.Contains(got["porting-team@portdesk.test"], "New port request") {
			t.Fatalf("received: %v", got)
		}
		// The job runs again (a retry, a second replica): nothing is sent twice.
		if err := deliver(submit, 0); err != nil {
			t.Fatal(err)
		}
		if n := len(srv.Messages()); n != 2 {
			t.Fatalf("%d messages after a second run, want 2", n)
		}

		// The team asks for a fix; the first try fails (421), the retry sends it once.
		p, err = env.PortIns.Transition(ctx, staff, p.ID, p.Version, domain.StatusInProgress, "")
		if err != nil {
			t.Fatal(err)
		}
		p, err = env.PortIns.Transition(ctx, staff, p.ID, p.Version, domain.StatusActionRequired, "The account number differs from the bill: copy it from the latest bill.")
		if err != nil {
			t.Fatal(err)
		}
		fix := env.LastEvent(t, p.ID, domain.EventStatusChanged)
		srv.FailNext(1)
		if err := deliver(fix, 0); err == nil {
			t.Fatal("a refused email was reported sent")
		}
		if err := deliver(fix, 0); err != nil {
			t.Fatal(err)
		}
		msgs := srv.Wait(3, 5*time.Second)
		if len(msgs) != 3 {
			t.Fatalf("%d messages, want 3", len(msgs))
		}
		body, _ := msgs[2].Parse()
		if !strings.HasPrefix(body.Header.Get("Subject"), "Action required on port request") {
			t.Fatalf("subject %q", body.Header.Get("Subject"))
		}
		ds, err := env.Delivery.EmailDeliveries(ctx, staff, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(ds) != 3 || ds[0].EventID != fix.ID || ds[0].Attempts != 2 || ds[0].Status != domain.DeliverySent || ds[0].Error != "" {
			t.Fatalf("deliveries: %+v", ds)
		}
		if _, err := env.Delivery.EmailDeliveries(ctx, c.Actor, p.ID); !domain.IsCode(err, domain.ErrForbidden) {
			t.Fatalf("a customer read the delivery log: %v", err)
		}

		// A team note visible to the customer is emailed with its text; an internal one is not.
		if _, err := env.PortIns.AddNote(ctx, staff, p.ID, "internal: carrier is slow", true); err != nil {
			t.Fatal(err)
		}
		n, err := env.PortIns.AddNote(ctx, staff, p.ID, "Please send a bill from the last three months.", false)
		if err != nil {
			t.Fatal(err)
		}
		if err := deliver(env.LastEvent(t, p.ID, domain.EventNoteAdded), n.ID); err != nil {
			t.Fatal(err)
		}
		msgs = srv.Wait(4, 5*time.Second)
		if len(msgs) != 4 || !strings.Contains(string(msgs[3].Raw), "Please send a bill from the last three months.") {
			t.Fatalf("note email: %d messages", len(msgs))
		}
	})
}
