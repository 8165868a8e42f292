package web_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/team"
	"github.com/portdesk/portdesk/internal/web"
)

// TestBrowserPortOutProtection drives port-out protection in Chromium: the account's admin sets
// a PIN and locks one number; the team enters a gaining provider's request with the wrong PIN,
// sees the PIN check failed and rejects with the code already ticked; a request for the locked
// number is refused the moment it is entered.
func TestBrowserPortOutProtection(t *testing.T) {
	t.Parallel()
	chromium(t)
	ctx := context.Background()
	env := desktest.New(t, desktest.SQLite)
	cust := env.NewCustomer(t, "Leaving Browser Co", 0, domain.CountryGB)
	staff, _ := env.NewStaff(t, "agent@op.example", domain.RoleAgent)
	for _, n := range []string{"0113 496 0961", "0113 496 0962"} {
		if _, err := env.Team.AddInventoryNumber(ctx, staff, team.InventoryInput{AccountID: cust.Account.ID, Number: n}); err != nil {
			t.Fatal(err)
		}
	}
	h, err := web.New(env.App, web.Options{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	id := cust.Account.ID

	b := newChrome(t)
	login := func(email, password string) chromedp.Tasks { return loginAs(srv.URL, email, password) }
	var pin, lockRow string
	b.run("the admin sets a PIN and locks one number",
		login(cust.Admin.Email, cust.Password),
		chromedp.Navigate(srv.URL+"/settings/port-outs"),
		chromedp.WaitVisible(fmt.Sprintf("#pin-form-%d", id), chromedp.ByQuery),
		chromedp.Click(fmt.Sprintf(`//form[@id="pin-form-%d"]/parent::details/summary`, id)),
		chromedp.SendKeys(fmt.Sprintf("#pin-input-%d", id), "24680", chromedp.ByQuery),
		chromedp.Click(fmt.Sprintf(`#pin-form-%d button.primary`, id), chromedp.ByQuery),
		// The page after saving, not the one still showing as the form posts.
		chromedp.WaitVisible(fmt.Sprintf(`//dd[@id="pin-%d"][starts-with(normalize-space(.), "Set")]`, id)),
		chromedp.Text(fmt.Sprintf("#pin-%d", id), &pin, chromedp.ByQuery),
		chromedp.Click(fmt.Sprintf(`//table[@id="number-locks-%d"]//tr[contains(., "0962")]//button`, id)),
		chromedp.WaitVisible(fmt.Sprintf(`//table[@id="number-locks-%d"]//tr[contains(., "0962")]//strong[.="Locked"]`, id)),
		chromedp.Text(fmt.Sprintf(`//table[@id="number-locks-%d"]//tr[contains(., "0962")]`, id), &lockRow),
		b.shot("portout-01-protection"),
	)
	if !strings.HasPrefix(pin, "Set") || strings.Contains(pin, "24680") {
		t.Fatalf("the PIN reads %q", pin)
	}
	if !strings.Contains(lockRow, "Locked") {
		t.Fatalf("the number's row reads %q", lockRow)
	}

	enter := func(numbers, givenPIN string) chromedp.Tasks {
		return chromedp.Tasks{
			chromedp.Navigate(srv.URL + "/port-outs/new"),
			chromedp.WaitVisible("#port-out-form", chromedp.ByID),
			chromedp.SetValue("#account_id", fmt.Sprint(id), chromedp.ByID),
			chromedp.SendKeys("#gaining_provider", "Gamma", chromedp.ByID),
			chromedp.SendKeys("#pin", givenPIN, chromedp.ByID),
			chromedp.SendKeys("#numbers", numbers, chromedp.ByID),
			chromedp.Click("#create-port-out", chromedp.ByID),
			chromedp.WaitVisible("#checks", chromedp.ByID),
		}
	}
	var pinRow, status, told string
	b.run("the team enters a request with the wrong PIN",
		login("agent@op.example", "correct horse battery staple"),
		enter("0113 496 0961", "13579"),
		chromedp.AttributeValue("#check-pin", "class", &pinRow, nil, chromedp.ByID),
		b.shot("portout-02-checks"),
	)
	if pinRow != "row-bad" {
		t.Fatalf("the PIN check's row is %q, not failed", pinRow)
	}
	var ticked bool
	b.run("the reject form is prefilled with the PIN code",
		chromedp.Evaluate(`document.querySelector('#reject-form input[name="code"][value="pin"]').checked`, &ticked))
	if !ticked {
		t.Fatal("the PIN code is not ticked on the reject form")
	}
	b.run("the team rejects with it",
		chromedp.Click("#reject-button", chromedp.ByID),
		chromedp.WaitVisible("#status-reason", chromedp.ByID),
		chromedp.Text("#status", &status, chromedp.ByID),
		chromedp.Text("#status-reason", &told, chromedp.ByID),
	)
	if status != "Rejected" || !strings.Contains(told, "PIN is missing or wrong") || strings.Contains(told, "24680") {
		t.Fatalf("after rejecting: %q, told %q", status, told)
	}
	b.run("a request for the locked number is refused at once",
		enter("0113 496 0962", "24680"),
		chromedp.Text("#status", &status, chromedp.ByID),
		chromedp.Text("#status-reason", &told, chromedp.ByID),
		b.shot("portout-03-locked"),
	)
	if status != "Rejected" || !strings.Contains(told, "locked these numbers") {
		t.Fatalf("the locked number's port-out: %q, told %q", status, told)
	}
}
