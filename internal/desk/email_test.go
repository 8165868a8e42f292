package desk_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/notify"
	"github.com/portdesk/portdesk/internal/notify/smtptest"
)

// submitted makes a complete request with paperwork and submits it.
func submitted(t *testing.T, env *desktest.Env, c desktest.Customer, number string) domain.PortIn {
	t.Helper()
	return env.Submitted(t, c.Actor, number)
}

// lastEvent finds the newest event of a type on a request: the email job's argument.
func lastEvent(t *testing.T, env *desktest.Env, id int64, typ domain.EventType) domain.Event {
	t.Helper()
	es, err := env.Store.Events(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	for i := len(es) - 1; i >= 0; i-- {
		if es[i].Type == typ {
			return es[i]
		}
	}
	t.Fatalf("no %s event", typ)
	return domain.Event{}
}

func subjects(t *testing.T, got []smtptest.Received) map[string]string {
	out := map[string]string{}
	for _, r := range got {
		m, err := r.Parse()
		if err != nil {
			t.Fatal(err)
		}
		out[r.To[0]] = m.Header.Get("Subject")
	}
	return out
}

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
		if err := env.Svc.UseMailer(m); err != nil {
			t.Fatal(err)
		}
		c := env.NewCustomer(t, "Acme", 0, domain.CountryGB)
		staff, _ := env.NewStaff(t, "agent@op.example", domain.RoleAgent)
		p := submitted(t, env, c, "0113 496 0701")

		submit := lastEvent(t, env, p.ID, domain.EventStatusChanged)
		deliver := func(e domain.Event, noteID int64) error {
			return env.Svc.DeliverEventEmails(ctx, desk.EventEmailArgs{EventID: e.ID, NoteID: noteID})
		}
		if err := deliver(submit, 0); err != nil {
			t.Fatal(err)
		}
		got := subjects(t, srv.Wait(2, 5*time.Second))
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
		p, err = env.Svc.Transition(ctx, staff, p.ID, p.Version, domain.StatusInProgress, "")
		if err != nil {
			t.Fatal(err)
		}
		p, err = env.Svc.Transition(ctx, staff, p.ID, p.Version, domain.StatusActionRequired, "The account number differs from the bill: copy it from the latest bill.")
		if err != nil {
			t.Fatal(err)
		}
		fix := lastEvent(t, env, p.ID, domain.EventStatusChanged)
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
		ds, err := env.Svc.EmailDeliveries(ctx, staff, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(ds) != 3 || ds[0].EventID != fix.ID || ds[0].Attempts != 2 || ds[0].Status != domain.DeliverySent || ds[0].Error != "" {
			t.Fatalf("deliveries: %+v", ds)
		}
		if _, err := env.Svc.EmailDeliveries(ctx, c.Actor, p.ID); !domain.IsCode(err, domain.ErrForbidden) {
			t.Fatalf("a customer read the delivery log: %v", err)
		}

		// A team note visible to the customer is emailed with its text; an internal one is not.
		if _, err := env.Svc.AddNote(ctx, staff, p.ID, "internal: carrier is slow", true); err != nil {
			t.Fatal(err)
		}
		n, err := env.Svc.AddNote(ctx, staff, p.ID, "Please send a bill from the last three months.", false)
		if err != nil {
			t.Fatal(err)
		}
		if err := deliver(lastEvent(t, env, p.ID, domain.EventNoteAdded), n.ID); err != nil {
			t.Fatal(err)
		}
		msgs = srv.Wait(4, 5*time.Second)
		if len(msgs) != 4 || !strings.Contains(string(msgs[3].Raw), "Please send a bill from the last three months.") {
			t.Fatalf("note email: %d messages", len(msgs))
		}
	})
}
