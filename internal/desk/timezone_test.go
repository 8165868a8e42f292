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

// An account's time zone: an IANA name or nothing (the country's porting zone), set at
// creation and changed by the account's admins and the team, audited.
func TestAccountTimeZone(t *testing.T) {
	t.Parallel()
	env := desktest.New(t, desktest.SQLite)
	ctx := context.Background()
	svc := env.Svc
	sys := desk.SystemActor()
	for _, bad := range []string{"Mars/Olympus_Mons", "Local", "america/nowhere", "../../etc/passwd", "Europe London", strings.Repeat("A", 80)} {
		_, err := svc.CreateAccountWith(ctx, sys, desk.NewAccount{Name: "Bad " + bad, Country: domain.CountryUS, TimeZone: bad})
		if !domain.IsCode(err, domain.ErrInvalid) || strings.Join(fieldsOf(err), ",") != "time_zone" {
			t.Fatalf("zone %q: %v (fields %v)", bad, err, fieldsOf(err))
		}
	}
	acc, err := svc.CreateAccountWith(ctx, sys, desk.NewAccount{Name: "Pacific Widgets", Country: domain.CountryUS, TimeZone: " America/Los_Angeles "})
	if err != nil || acc.TimeZone != "America/Los_Angeles" {
		t.Fatalf("create with a zone: %v %+v", err, acc)
	}
	if got := desk.AccountZone(acc).String(); got != "America/Los_Angeles" {
		t.Fatalf("zone %s", got)
	}
	// No zone: the country's porting zone.
	for country, want := range map[domain.Country]string{domain.CountryGB: "Europe/London", domain.CountryUS: "America/New_York", domain.CountryCA: "America/Toronto"} {
		a, err := svc.CreateAccount(ctx, sys, "Default "+string(country), 0, country)
		if err != nil || a.TimeZone != "" || desk.AccountZone(a).String() != want {
			t.Fatalf("%s default: %v %+v %s", country, err, a, desk.AccountZone(a))
		}
	}

	c := env.NewCustomer(t, "Zoned", 0, domain.CountryUS)
	other := env.NewCustomer(t, "Elsewhere", 0, domain.CountryUS)
	child := env.NewCustomer(t, "Zoned West", c.Account.ID, domain.CountryUS)
	member, _, err := svc.CreateUser(ctx, c.Actor, desk.NewUser{AccountID: c.Account.ID, Role: domain.RoleMember, Email: "member@zoned.example"})
	if err != nil {
		t.Fatal(err)
	}
	staff, _ := env.NewStaff(t, "agent@op.example", domain.RoleAgent)
	zone := func(s string) desk.AccountChanges { return desk.AccountChanges{TimeZone: &s} }

	got, err := svc.UpdateAccount(ctx, c.Actor, c.Account.ID, zone("America/Chicago"))
	if err != nil || got.TimeZone != "America/Chicago" {
		t.Fatalf("admin sets the zone: %v %+v", err, got)
	}
	if back, _ := svc.Account(ctx, c.Actor, c.Account.ID); back.TimeZone != "America/Chicago" {
		t.Fatalf("not saved: %+v", back)
	}
	if _, err := svc.UpdateAccount(ctx, c.Actor, c.Account.ID, zone("Nowhere/Special")); !domain.IsCode(err, domain.ErrInvalid) || fieldsOf(err)[0] != "time_zone" {
		t.Fatalf("invalid zone: %v", err)
	}
	if _, err := svc.UpdateAccount(ctx, domain.ActorOf(member), c.Account.ID, zone("America/Denver")); !domain.IsCode(err, domain.ErrForbidden) {
		t.Fatalf("member: %v", err)
	}
	if _, err := svc.UpdateAccount(ctx, other.Actor, c.Account.ID, zone("America/Denver")); !domain.IsCode(err, domain.ErrNotFound) {
		t.Fatalf("another account's admin: %v", err)
	}
	if _, err := svc.UpdateAccount(ctx, child.Actor, c.Account.ID, zone("America/Denver")); !domain.IsCode(err, domain.ErrNotFound) {
		t.Fatalf("a sub-account's admin on its parent: %v", err)
	}
	// The parent's admin sees (and sets) its sub-accounts; the team sets any.
	if got, err := svc.UpdateAccount(ctx, c.Actor, child.Account.ID, zone("America/Phoenix")); err != nil || got.TimeZone != "America/Phoenix" {
		t.Fatalf("parent admin on a sub-account: %v", err)
	}
	if got, err := svc.UpdateAccount(ctx, staff, c.Account.ID, zone("")); err != nil || got.TimeZone != "" || desk.AccountZone(got).String() != "America/New_York" {
		t.Fatalf("staff resets the zone: %v %+v", err, got)
	}
	log, err := svc.AuditLog(ctx, staff, "account:")
	if err != nil {
		t.Fatal(err)
	}
	if len(log) != 3 || !strings.Contains(log[2].Detail, "America/Chicago") || log[0].ActorName == "" {
		t.Fatalf("audit: %+v", log)
	}
}

// The scheduled email gives the FOC in the customer's zone, and the carrier's time beside it
// where that reads differently; the invitation stays in UTC.
func TestScheduledEmailInTheCustomersZone(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		ctx := context.Background()
		svc := env.Svc
		srv := smtptest.Start(t)
		m, err := notify.NewSMTP(notify.SMTPConfig{Host: srv.Host, Port: srv.Port, TLS: "none"})
		if err != nil {
			t.Fatal(err)
		}
		if err := svc.UseMailer(m); err != nil {
			t.Fatal(err)
		}
		// Monday 23 November 2026.
		env.Clock.Set(time.Date(2026, 11, 23, 14, 0, 0, 0, time.UTC))
		staff, _ := env.NewStaff(t, "agent@op.example", domain.RoleAgent)
		schedule := func(c desktest.Customer, number string, foc time.Time) (subject, text string) {
			t.Helper()
			p := submittedIn(t, env, c, number)
			p, err := svc.Transition(ctx, staff, p.ID, p.Version, domain.StatusInProgress, "")
			if err != nil {
				t.Fatal(err)
			}
			if p, err = svc.Schedule(ctx, staff, p.ID, p.Version, foc); err != nil {
				t.Fatal(err)
			}
			before := len(srv.Messages())
			if err := svc.DeliverEventEmails(ctx, desk.EventEmailArgs{EventID: lastEvent(t, env, p.ID, domain.EventStatusChanged).ID}); err != nil {
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

		us, err := svc.CreateAccountWith(ctx, desk.SystemActor(), desk.NewAccount{Name: "Pacific Widgets", Country: domain.CountryUS, TimeZone: "America/Los_Angeles"})
		if err != nil {
			t.Fatal(err)
		}
		la := env.NewCustomer(t, "Pacific Widgets West", us.ID, domain.CountryUS)
		if _, err := svc.UpdateAccount(ctx, la.Actor, la.Account.ID, desk.AccountChanges{TimeZone: ptr("America/Los_Angeles")}); err != nil {
			t.Fatal(err)
		}
		// Tuesday 8 December 2026, 10:00 in New York: the carrier's porting zone.
		foc := time.Date(2026, 12, 8, 15, 0, 0, 0, time.UTC)
		subject, text := schedule(la, "+1 212 555 0111", foc)
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
		_, text = schedule(la, "+1 212 555 0112", early)
		if want := "Tuesday 8 December 2026 at 23:30 PST (Wednesday 9 December 2026 at 02:30 EST, the carrier's time)"; !strings.Contains(text, want) {
			t.Fatalf("the scheduled email lacks %q:\n%s", want, text)
		}

		// An account without a zone reads the porting zone, once.
		gb := env.NewCustomer(t, "London Widgets", 0, domain.CountryGB)
		_, text = schedule(gb, "0113 496 0813", time.Date(2026, 12, 8, 10, 0, 0, 0, time.UTC))
		if !strings.Contains(text, "Tuesday 8 December 2026 at 10:00 GMT.") || strings.Contains(text, "the carrier's time") {
			t.Fatalf("GB scheduled email:\n%s", text)
		}
	})
}

func ptr[T any](v T) *T { return &v }

// submittedIn is env.Submitted for a customer of any country: the request's billing number
// and address are those of the number's country.
func submittedIn(t *testing.T, env *desktest.Env, c desktest.Customer, number string) domain.PortIn {
	t.Helper()
	if c.Account.Country == domain.CountryGB {
		return env.Submitted(t, c.Actor, number)
	}
	ctx := context.Background()
	p, err := env.Svc.CreatePortIn(ctx, c.Actor, desk.PortInChanges{Numbers: []desk.NumberInput{{Number: number}}})
	if err != nil {
		t.Fatal(err)
	}
	in := desktest.Complete()
	in.LosingProvider, in.BTN = ptr("Verizon"), ptr(number)
	in.LosingProviderAddress = ptr("1095 Avenue of the Americas, New York, NY 10036")
	in.BillingAddress = &domain.Address{Line1: "1 Market Street", City: "San Francisco", Region: "CA", Postcode: "94105", Country: "US"}
	if p, err = env.Svc.UpdatePortIn(ctx, c.Actor, p.ID, p.Version, in); err != nil {
		t.Fatalf("%v %v", err, fieldsOf(err))
	}
	env.Paperwork(t, c.Actor, p.ID)
	v, err := env.Svc.PortIn(ctx, c.Actor, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if p, err = env.Svc.Submit(ctx, c.Actor, p.ID, v.Version); err != nil {
		t.Fatalf("%v %v", err, fieldsOf(err))
	}
	return p
}
