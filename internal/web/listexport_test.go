package web_test

import (
	"context"
	"encoding/csv"
	"strconv"
	"strings"
	"testing"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/portin"
)

// The list downloads as CSV, one row per number, with the page's filters; a customer's
// name that a spreadsheet would run as a formula is written as text.
func TestWebListExport(t *testing.T) {
	t.Parallel()
	env := desktest.New(t, desktest.SQLite)
	c := env.NewCustomer(t, "Export Co", 0, domain.CountryGB)
	other := env.NewCustomer(t, "Other Co", 0, domain.CountryGB)
	env.NewStaff(t, "agent@op.example", domain.RoleAgent)
	sub := env.Submitted(t, c.Actor, "0113 496 0801", "0113 496 0802")
	env.Submitted(t, other.Actor, "0113 496 0804")
	str := func(s string) *string { return &s }
	draft, err := env.PortIns.Create(context.Background(), c.Actor, portin.Changes{
		Numbers: []portin.NumberInput{{Number: "0113 496 0803"}}, CustomerName: str(`=HYPERLINK("http://evil.example","x")`)})
	if err != nil {
		t.Fatal(err)
	}
	read := func(t *testing.T, b *browser, path string) [][]string {
		t.Helper()
		code, body, h := b.get(path)
		if code != 200 || !strings.HasPrefix(h.Get("Content-Type"), "text/csv") || !strings.HasPrefix(h.Get("Content-Disposition"), "attachment") {
			t.Fatalf("%s: %d %v\n%s", path, code, h, body)
		}
		rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		return rows
	}
	cust := newBrowser(t, env)
	cust.login(c.Admin.Email, c.Password)
	rows := read(t, cust, "/port-ins/export.csv?status=all")
	if len(rows) != 4 || rows[0][0] != "Request" || rows[0][7] != "FOC" || len(rows[0]) != 8 {
		t.Fatalf("the customer's export: %q", rows)
	}
	var formula bool
	for _, r := range rows[1:] {
		if r[0] == strconv.FormatInt(draft.ID, 10) {
			formula = r[4] == `'=HYPERLINK("http://evil.example","x")` && r[1] == "+441134960803"
		}
	}
	if !formula {
		t.Fatalf("the formula cell is not neutralised: %q", rows)
	}
	if rows := read(t, cust, "/port-ins/export.csv?status=draft"); len(rows) != 2 || rows[1][0] != strconv.FormatInt(draft.ID, 10) {
		t.Fatalf("the status filter: %q", rows)
	}
	if rows := read(t, cust, "/port-ins/export.csv?q=0113+496+0802"); len(rows) != 3 || rows[1][0] != strconv.FormatInt(sub.ID, 10) || rows[1][3] != "Submitted" {
		t.Fatalf("the search (one row per number of the request found): %q", rows)
	}

	staff := newBrowser(t, env)
	staff.login("agent@op.example", "correct horse battery staple")
	rows = read(t, staff, "/port-ins/export.csv") // the queue: both submitted requests, no draft
	if len(rows) != 4 || rows[0][8] != "Account" || rows[1][8] != "Export Co" || rows[3][8] != "Other Co" {
		t.Fatalf("the team's export of the queue: %q", rows)
	}
	if rows := read(t, staff, "/port-ins/export.csv?q=other+co"); len(rows) != 2 || rows[1][1] != "+441134960804" {
		t.Fatalf("the team's export with a search: %q", rows)
	}
	if _, page, _ := staff.get("/?q=other+co"); !strings.Contains(page, `href="/port-ins/export.csv?status=queue&amp;q=other%20co`) {
		t.Fatal("the page's download link does not carry its filters")
	}
}
