package web_test

import (
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
)

// The Numbers page filters by account as well as status and number, and downloads what it
// shows as CSV through the one CSV writer: one row per number with its status, request and
// that request's FOC.
func TestWebNumbersFiltersAndCSV(t *testing.T) {
	t.Parallel()
	env := desktest.New(t, desktest.SQLite)
	ctx := t.Context()
	parent := env.NewCustomer(t, "Numbers Group", 0, domain.CountryGB)
	sub := env.NewCustomer(t, "Numbers Branch", parent.Account.ID, domain.CountryGB)
	staff, _ := env.NewStaff(t, "agent@op.example", domain.RoleAgent)
	p := env.Submitted(t, sub.Actor, "0113 496 0371")
	p, err := env.PortIns.Transition(ctx, staff, p.ID, p.Version, domain.StatusInProgress, "")
	if err != nil {
		t.Fatal(err)
	}
	foc := env.FOC("GB", 10)
	if _, err := env.Team.Schedule(ctx, staff, p.ID, p.Version, foc, true); err != nil {
		t.Fatal(err)
	}
	now := env.Clock.Now()
	for _, n := range []domain.InventoryNumber{
		{AccountID: sub.Account.ID, Number: "+441134960371", Status: domain.InventoryPortingIn, SMS: domain.SMSPending},
		{AccountID: parent.Account.ID, Number: "+441134960372", Status: domain.InventoryActive, SMS: domain.SMSActive, TrackingSource: "=cmd()"},
	} {
		n.CreatedAt, n.UpdatedAt = now, now
		if err := env.Store.CreateInventoryNumber(ctx, &n); err != nil {
			t.Fatal(err)
		}
	}
	b := newBrowser(t, env)
	b.login(parent.Admin.Email, parent.Password)
	_, page, _ := b.get("/numbers?account=" + itoa(sub.Account.ID))
	if !strings.Contains(page, `id="inv-account"`) || !strings.Contains(page, "496 0371") || strings.Contains(page, "496 0372") ||
		!strings.Contains(page, "/numbers/export.csv?status=&amp;account="+itoa(sub.Account.ID)) {
		t.Fatalf("account filter:\n%s", section(page, `<form class="filters"`, `</table>`))
	}
	code, body, h := b.get("/numbers/export.csv?status=porting_in&account=0&q=0113+496+0371")
	if code != 200 || !strings.HasPrefix(h.Get("Content-Type"), "text/csv") {
		t.Fatalf("export: %d %s", code, h.Get("Content-Type"))
	}
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"+441134960371", "Porting in", "Numbers Branch", "", "", "SMS is not supported yet", itoa(p.ID), "Scheduled", foc.In(time.UTC).Format(time.RFC3339)}
	if len(rows) != 2 || strings.Join(rows[1], "|") != strings.Join(want, "|") {
		t.Fatalf("export rows:\n%q\nwant %q", rows, want)
	}
	_, body, _ = b.get("/numbers/export.csv?status=active")
	if !strings.Contains(body, "'=cmd()") || strings.Contains(body, "0371") {
		t.Fatalf("active export:\n%s", body)
	}
}
