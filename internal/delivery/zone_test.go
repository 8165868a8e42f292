package delivery_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/portdesk/portdesk/internal/access"
	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/notify"
	"github.com/portdesk/portdesk/internal/notify/smtptest"
	"github.com/portdesk/portdesk/internal/portin"
)

// The scheduled email gives the FOC in the customer's zone, and the carrier's time beside it
// where that reads differently; the invitation stays in UTC.
func TestScheduledEmailInTheCustomersZone(t *testing.T) {
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
		// Monday 23 November 2026.
		env.Clock.Set(time.Date(2026, 11, 23, 14, 0, 0, 0, time.UTC))
		staff, _ := env.NewStaff(t, "agent@op.example", domain.RoleAgent)
		schedule := func(c desktest.Customer, number string, foc time.Time) (subject, text string) {
			t.Helper()
			p := submittedIn(t, env, c, number)
			p, err := env.PortIns.Transition(ctx, staff, p.ID, p.Version, domain.StatusInProgress, "")
			if err != nil {
				t.Fatal(err)
			}
			if p, err = env.Team.Schedule(ctx, staff, p.ID, p.Version, foc, true); err != nil {
				t.Fatal(err)
			}
			before := len(srv.Messages())
			if err := env.Delivery.DeliverEventEmails(ctx, domain.EventEmailArgs{EventID: env.LastEvent(t, p.ID, domain.EventStatusChanged).ID}); err != nil {
				t.Fatal(err)
			}
			got := srv.Wait(before+1, 5*time.Second)
			r := got[len(got)-1]
			msg, err := r.Parse()
			if err != nil {
				t.Fatal(err)
			}
			text, _ = r.Text()
			return msg.Header.Get("Subject"), text
		}

		us, err := env.Access.CreateAccountWith(ctx, desk.System(), access.NewAccount{Name: "Pacific Widgets", Country: domain.CountryUS, TimeZone: "America/Los_Angeles"})
		if err != nil {
			t.Fatal(err)
		}
		la := env.NewCustomer(t, "Pacific Widgets West", us.ID, domain.CountryUS)
		if _, err := env.Access.UpdateAccount(ctx, la.Actor, la.Account.ID, access.AccountChanges{TimeZone: ptr("America/Los_Angeles")}); err != nil {
			t.Fatal(err)
		}
		// Tuesday 8 December 2026, 10:00 in New York: the carrier's porting zone.
		foc := time.Date(2026, 12, 8, 15, 0, 0, 0, time.UTC)
		subject, text := schedule(la, "+1 212 555 0211", foc)
		want := "Tuesday 8 December 2026 at 07:00 PST (10:00 EST, the carrier's time)"
		if !strings.Contains(text, want) {
			t.Fatalf("the scheduled email lacks %q:\n%s", want, text)
		}
		if !strings.Contains(subject, "Tuesday 8 December 2026 at 07:00 PST") || strings.Contains(subject, "EST") {
			t.Errorf("subject %q", subject)
		}
		if !strings.Contains(text, "DTSTART:20261208T150000Z") {
			t.Errorf("the invitation is not in UTC:\n%s", text)
		}

		// Early morning in New York is the evening before in Los Angeles: both dates shown.
		early := time.Date(2026, 12, 9, 7, 30, 0, 0, time.UTC) // 02:30 EST Wednesday
		_, text = schedule(la, "+1 212 555 0212", early)
		if want := "Tuesday 8 December 2026 at 23:30 PST (Wednesday 9 December 2026 at 02:30 EST, the carrier's time)"; !strings.Contains(text, want) {
			t.Fatalf("the scheduled email lacks %q:\n%s", want, text)
		}

		// An account without a zone reads the porting zone, once.
		gb := env.NewCustomer(t, "London Widgets", 0, domain.CountryGB)
		_, text = schedule(gb, "0113 496 0813", time.Date(2026, 12, 8, 10, 0, 0, 0, time.UTC))
		if !strings.Contains(text, "Tuesday 8 December 2026 at 10:00 GMT.") || strings.Contains(text, "the carrier's time") {
			t.Fatalf("GB scheduled email:\n%s", text)
		}

		// A GB account's US order is worked to New York time, not London's.
		_, text = schedule(gb, "+1 212 555 0213", foc)
		if want := "Tuesday 8 December 2026 at 15:00 GMT (10:00 EST, the carrier's time)"; !strings.Contains(text, want) {
			t.Fatalf("the scheduled email of a US order lacks %q:\n%s", want, text)
		}
	})
}

func ptr[T any](v T) *T { return &v }

// submittedIn is env.Submitted for a number of any country: the request's billing number
// and address are those of the number's country.
func submittedIn(t *testing.T, env *desktest.Env, c desktest.Customer, number string) domain.PortIn {
	t.Helper()
	if !strings.HasPrefix(number, "+1") {
		return env.Submitted(t, c.Actor, number)
	}
	ctx := context.Background()
	p, err := env.PortIns.Create(ctx, c.Actor, portin.Changes{Numbers: []portin.NumberInput{{Number: number}}})
	if err != nil {
		t.Fatal(err)
	}
	in := desktest.Complete()
	in.LosingProvider, in.BTN = ptr("Verizon"), ptr(number)
	in.LosingProviderAddress = ptr("1095 Avenue of the Americas, New York, NY 10036")
	in.BillingAddress = &domain.Address{Line1: "1 Market Street", City: "San Francisco", Region: "CA", Postcode: "94105", Country: "US"}
	if p, err = env.PortIns.Update(ctx, c.Actor, p.ID, p.Version, in); err != nil {
		t.Fatalf("%v %v", err, fieldsOf(err))
	}
	env.Paperwork(t, c.Actor, p.ID)
	v, err := env.PortIns.Get(ctx, c.Actor, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if p, err = env.PortIns.Submit(ctx, c.Actor, p.ID, v.Version); err != nil {
		t.Fatalf("%v %v", err, fieldsOf(err))
	}
	return p
}
