package access_test

import (
	"context"
	"strings"
	"testing"

	"github.com/portdesk/portdesk/internal/access"
	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
)

// An account's time zone: an IANA name or nothing (the country's porting zone), set at
// creation and changed by the account's admins and the team, audited.
func TestAccountTimeZone(t *testing.T) {
	t.Parallel()
	env := desktest.New(t, desktest.SQLite)
	ctx := context.Background()
	sys := desk.System()
	for _, bad := range []string{"Mars/Olympus_Mons", "Local", "america/nowhere", "../../etc/passwd", "Europe London", strings.Repeat("A", 80)} {
		_, err := env.Access.CreateAccountWith(ctx, sys, access.NewAccount{Name: "Bad " + bad, Country: domain.CountryUS, TimeZone: bad})
		if !domain.IsCode(err, domain.ErrInvalid) || strings.Join(fieldsOf(err), ",") != "time_zone" {
			t.Fatalf("zone %q: %v (fields %v)", bad, err, fieldsOf(err))
		}
	}
	acc, err := env.Access.CreateAccountWith(ctx, sys, access.NewAccount{Name: "Pacific Widgets", Country: domain.CountryUS, TimeZone: " America/Los_Angeles "})
	if err != nil || acc.TimeZone != "America/Los_Angeles" {
		t.Fatalf("create with a zone: %v %+v", err, acc)
	}
	if got := desk.AccountZone(acc).String(); got != "America/Los_Angeles" {
		t.Fatalf("zone %s", got)
	}
	// No zone: the country's porting zone.
	for country, want := range map[domain.Country]string{domain.CountryGB: "Europe/London", domain.CountryUS: "America/New_York", domain.CountryCA: "America/Toronto"} {
		a, err := env.Access.CreateAccount(ctx, sys, "Default "+string(country), 0, country)
		if err != nil || a.TimeZone != "" || desk.AccountZone(a).String() != want {
			t.Fatalf("%s default: %v %+v %s", country, err, a, desk.AccountZone(a))
		}
	}

	c := env.NewCustomer(t, "Zoned", 0, domain.CountryUS)
	other := env.NewCustomer(t, "Elsewhere", 0, domain.CountryUS)
	child := env.NewCustomer(t, "Zoned West", c.Account.ID, domain.CountryUS)
	member, _, err := env.Access.CreateUser(ctx, c.Actor, access.NewUser{AccountID: c.Account.ID, Role: domain.RoleMember, Email: "member@zoned.example"})
	if err != nil {
		t.Fatal(err)
	}
	staff, _ := env.NewStaff(t, "agent@op.example", domain.RoleAgent)
	zone := func(s string) access.AccountChanges { return access.AccountChanges{TimeZone: &s} }

	got, err := env.Access.UpdateAccount(ctx, c.Actor, c.Account.ID, zone("America/Chicago"))
	if err != nil || got.TimeZone != "America/Chicago" {
		t.Fatalf("admin sets the zone: %v %+v", err, got)
	}
	if back, _ := env.Access.Account(ctx, c.Actor, c.Account.ID); back.TimeZone != "America/Chicago" {
		t.Fatalf("not saved: %+v", back)
	}
	if _, err := env.Access.UpdateAccount(ctx, c.Actor, c.Account.ID, zone("Nowhere/Special")); !domain.IsCode(err, domain.ErrInvalid) || fieldsOf(err)[0] != "time_zone" {
		t.Fatalf("invalid zone: %v", err)
	}
	if _, err := env.Access.UpdateAccount(ctx, domain.ActorOf(member), c.Account.ID, zone("America/Denver")); !domain.IsCode(err, domain.ErrForbidden) {
		t.Fatalf("member: %v", err)
	}
	if _, err := env.Access.UpdateAccount(ctx, other.Actor, c.Account.ID, zone("America/Denver")); !domain.IsCode(err, domain.ErrNotFound) {
		t.Fatalf("another account's admin: %v", err)
	}
	if _, err := env.Access.UpdateAccount(ctx, child.Actor, c.Account.ID, zone("America/Denver")); !domain.IsCode(err, domain.ErrNotFound) {
		t.Fatalf("a sub-account's admin on its parent: %v", err)
	}
	// The parent's admin sees (and sets) its sub-accounts; the team sets any.
	if got, err := env.Access.UpdateAccount(ctx, c.Actor, child.Account.ID, zone("America/Phoenix")); err != nil || got.TimeZone != "America/Phoenix" {
		t.Fatalf("parent admin on a sub-account: %v", err)
	}
	if got, err := env.Access.UpdateAccount(ctx, staff, c.Account.ID, zone("")); err != nil || got.TimeZone != "" || desk.AccountZone(got).String() != "America/New_York" {
		t.Fatalf("staff resets the zone: %v %+v", err, got)
	}
	log, err := env.Team.AuditLog(ctx, staff, "account:")
	if err != nil {
		t.Fatal(err)
	}
	if len(log) != 3 || !strings.Contains(log[2].Detail, "America/Chicago") || log[0].ActorName == "" {
		t.Fatalf("audit: %+v", log)
	}
}

// Names are unique beside each other only: a tenant can name a sub-account as another tenant
// names theirs, or as another tenant is called, so a refusal tells it nothing about others.
func TestSecurityAccountNamesPerParent(t *testing.T) {
	t.Parallel()
	env := desktest.New(t, desktest.SQLite)
	ctx := context.Background()
	a := env.NewCustomer(t, "Names A", 0, domain.CountryGB)
	b := env.NewCustomer(t, "Names B", 0, domain.CountryGB)
	for _, c := range []struct {
		who  domain.Actor
		name string
	}{{a.Actor, "Leeds"}, {b.Actor, "Leeds"}, {a.Actor, "Names B"}, {b.Actor, "names a"}} {
		if _, err := env.Access.CreateAccountWith(ctx, c.who, access.NewAccount{Name: c.name}); err != nil {
			t.Fatalf("%q: %v", c.name, err)
		}
	}
	_, err := env.Access.CreateAccountWith(ctx, a.Actor, access.NewAccount{Name: "LEEDS"})
	if !domain.IsCode(err, domain.ErrConflict) || strings.Join(fieldsOf(err), ",") != "name" {
		t.Fatalf("a second Leeds under A: %v", err)
	}
	// The top level is one parent: the team cannot make a second "Names A" there.
	if _, err := env.Access.CreateAccount(ctx, desk.System(), "NAMES A", 0, domain.CountryGB); !domain.IsCode(err, domain.ErrConflict) {
		t.Fatalf("a second top-level Names A: %v", err)
	}
}
