package web_test

import (
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/web"
)

// TestBrowserDeskFix: the porting team reviews a submitted request in Chromium, asks for a fix
// with a rejection code and a note, and the customer, logged in, reads the plain fix.
func TestBrowserDeskFix(t *testing.T) {
	t.Parallel()
	chromium(t)
	env := desktest.New(t, desktest.SQLite)
	cust := env.NewCustomer(t, "Desk Browser Co", 0, domain.CountryGB)
	env.NewStaff(t, "agent@op.example", domain.RoleAgent)
	p := env.Submitted(t, cust.Actor, "0113 496 0720")
	h, err := web.New(env.App, web.Options{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	page := fmt.Sprintf("%s/port-ins/%d", srv.URL, p.ID)

	b := newChrome(t)
	login := func(email, password string) chromedp.Tasks { return loginAs(srv.URL, email, password) }
	var status, fixes string
	b.run("the team reviews and asks for a fix",
		login("agent@op.example", "correct horse battery staple"),
		chromedp.Navigate(page),
		chromedp.WaitVisible("#team-tools", chromedp.ByID),
		chromedp.Click("#fix-section summary", chromedp.ByQuery),
		chromedp.Click(`input[name="code"][value="name_mismatch"]`, chromedp.ByQuery),
		chromedp.SendKeys("#fix-note", "BT's bill says Acme Widgets Limited.", chromedp.ByID),
		b.shot("desk-01-fix"),
		chromedp.Click("#fix-button", chromedp.ByID),
		chromedp.WaitVisible("#fixes", chromedp.ByID),
		chromedp.Text("#status", &status, chromedp.ByID),
	)
	if status != "Action required" {
		t.Fatalf("status after the fix: %q", status)
	}
	b.run("the customer reads the plain fix",
		login(cust.Admin.Email, cust.Password),
		chromedp.Navigate(page),
		chromedp.WaitVisible("#fixes", chromedp.ByID),
		chromedp.Text("#fixes", &fixes, chromedp.ByID),
		b.shot("desk-02-customer"),
	)
	for _, want := range []string{"The customer name must read exactly as on your bill from BT", `You entered "Acme Widgets Ltd"`, "BT's bill says Acme Widgets Limited."} {
		if !strings.Contains(fixes, want) {
			t.Errorf("the customer's fixes do not say %q:\n%s", want, fixes)
		}
	}
	var tools int
	b.run("customers have no desk tools", chromedp.Evaluate(`document.querySelectorAll("#team-tools").length`, &tools))
	if tools != 0 {
		t.Error("the customer sees the team's tools")
	}
}
