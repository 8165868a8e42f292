package web_test

import (
	"strings"
	"testing"
	"time"

	"github.com/portdesk/portdesk/internal/access"
	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
)

// The customer's list shows a scheduled request's FOC beside its desired date, in the
// account's time zone with the zone named (10:00 in London is 05:00 in New York).
func TestWebListShowsFOCInTheCustomersZone(t *testing.T) {
	t.Parallel()
	env := desktest.New(t, desktest.SQLite)
	cust := env.NewCustomer(t, "Zone Co", 0, domain.CountryGB)
	staff, _ := env.NewStaff(t, "agent@op.example", domain.RoleAgent)
	ctx := t.Context()
	zone := "America/New_York"
	if _, err := env.Access.UpdateAccount(ctx, cust.Actor, cust.Account.ID, access.AccountChanges{TimeZone: &zone}); err != nil {
		t.Fatal(err)
	}
	p := env.Submitted(t, cust.Actor, "0113 496 0361")
	p, err := env.PortIns.Transition(ctx, staff, p.ID, p.Version, domain.StatusInProgress, "")
	if err != nil {
		t.Fatal(err)
	}
	foc := env.FOC("GB", 10) // 10:00 London
	if _, err := env.Team.Schedule(ctx, staff, p.ID, p.Version, foc, true); err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t, env)
	b.login(cust.Admin.Email, cust.Password)
	_, page, _ := b.get("/")
	want := foc.In(mustZone(t, zone)).Format("Mon 2 Jan 2006, 15:04 MST")
	if row := section(page, `<td class="foc">`, `</td>`); !strings.Contains(row, want) || !strings.Contains(want, "05:00 EST") {
		t.Fatalf("the list's FOC reads %q, want %q", row, want)
	}
}

func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}
