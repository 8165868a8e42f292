package web_test

import (
	"context"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/portin"
	"github.com/portdesk/portdesk/internal/web"
)

// TestBrowserQueueDefaultsAndSearch: an agent opens the desk in Chromium and sees the queue
// (submitted requests, oldest first, no drafts), finds a request by a number typed the way
// a customer says it and by the account's name, and reaches the drafts in one click.
func TestBrowserQueueDefaultsAndSearch(t *testing.T) {
	t.Parallel()
	chromium(t)
	env := desktest.New(t, desktest.SQLite)
	alpha := env.NewCustomer(t, "Queue Alpha", 0, domain.CountryGB)
	beta := env.NewCustomer(t, "Queue Beta", 0, domain.CountryGB)
	env.NewStaff(t, "agent@op.example", domain.RoleAgent)
	s1 := env.Submitted(t, alpha.Actor, "0113 496 0791")
	s2 := env.Submitted(t, beta.Actor, "0113 496 0792")
	str := func(s string) *string { return &s }
	draft, err := env.PortIns.Create(context.Background(), alpha.Actor, portin.Changes{
		Numbers: []portin.NumberInput{{Number: "0113 496 0793"}}, CustomerName: str("Zeta Foods")})
	if err != nil {
		t.Fatal(err)
	}
	h, err := web.New(env.App, web.Options{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()

	ids := func(table string) []string {
		var out []string
		for _, f := range strings.Fields(table) {
			if strings.HasPrefix(f, "#") {
				out = append(out, f)
			}
		}
		return out
	}
	hash := func(id int64) string { return "#" + strconv.FormatInt(id, 10) }
	b := newChrome(t)
	var table, view string
	b.run("the agent opens the queue",
		loginAs(srv.URL, "agent@op.example", "correct horse battery staple"),
		chromedp.Navigate(srv.URL+"/"),
		chromedp.WaitVisible("#requests-table", chromedp.ByID),
		chromedp.Text("#requests-table tbody", &table, chromedp.ByQuery),
		chromedp.Text(`.queue-views a[aria-current="page"]`, &view, chromedp.ByQuery),
		b.shot("queue-01-defaults"),
	)
	if got := ids(table); view != "Open" || len(got) != 2 || got[0] != hash(s1.ID) || got[1] != hash(s2.ID) {
		t.Fatalf("the queue opens on %q with %v, want Open with %s then %s", view, got, hash(s1.ID), hash(s2.ID))
	}
	b.run("the agent searches by a number as the customer says it",
		chromedp.SendKeys("#q", "(0113) 496-0792", chromedp.ByID),
		chromedp.Submit("#q", chromedp.ByID),
		// The answer's box holds what was typed as its attribute: the new page has come.
		chromedp.WaitVisible(`#q[value="(0113) 496-0792"]`, chromedp.ByQuery),
		chromedp.Text("#requests-table tbody", &table, chromedp.ByQuery),
		b.shot("queue-02-search-number"),
	)
	if got := ids(table); len(got) != 1 || got[0] != hash(s2.ID) {
		t.Fatalf("search by number: %v", got)
	}
	b.run("the agent searches by the account's name",
		chromedp.Evaluate(`document.getElementById("q").value = ""`, nil),
		chromedp.SendKeys("#q", "queue alpha", chromedp.ByID),
		chromedp.Submit("#q", chromedp.ByID),
		chromedp.WaitVisible(`#q[value="queue alpha"]`, chromedp.ByQuery),
		chromedp.Text("#requests-table tbody", &table, chromedp.ByQuery),
		b.shot("queue-03-search-account"),
	)
	if got := ids(table); len(got) != 1 || got[0] != hash(s1.ID) {
		t.Fatalf("search by account: %v", got)
	}
	b.run("drafts are one click away",
		chromedp.Navigate(srv.URL+"/"),
		chromedp.WaitVisible(".queue-views", chromedp.ByQuery),
		chromedp.Click(`.queue-views a[href="/?status=draft"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`.queue-views a[href="/?status=draft"][aria-current="page"]`, chromedp.ByQuery),
		chromedp.Text("#requests-table tbody", &table, chromedp.ByQuery),
		b.shot("queue-04-drafts"),
	)
	if got := ids(table); len(got) != 1 || got[0] != hash(draft.ID) {
		t.Fatalf("drafts: %v", got)
	}
	var empty string
	b.run("a search that finds nothing speaks to the team",
		chromedp.Navigate(srv.URL+"/?q=nobody+at+all"),
		chromedp.WaitVisible("#queue-empty", chromedp.ByID),
		chromedp.Text("#queue-empty", &empty, chromedp.ByID),
		b.shot("queue-05-no-match"),
	)
	if !strings.Contains(empty, "No request matches") || strings.Contains(empty, "Move your numbers") {
		t.Fatalf("empty search: %q", empty)
	}
}
