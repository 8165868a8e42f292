package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
)

// summaryLink is a link of an error summary to the field it names.
var summaryLink = regexp.MustCompile(`<li><a href="#(f-[^"]+)">`)

// TestWebFormKeepsWhatWasTyped: after a validation error every field is shown again as typed,
// the PIN and the installation choices included, and each summary link points at an element
// that exists on the page.
func TestWebFormKeepsWhatWasTyped(t *testing.T) {
	t.Parallel()
	env := desktest.New(t, desktest.SQLite)
	a := env.NewCustomer(t, "Keeps", 0, domain.CountryGB)
	b := newBrowser(t, env)
	b.login(a.Admin.Email, a.Password)
	b.get("/port-ins/new")
	code, body, _ := b.post("/port-ins", url.Values{"losing_provider": {"BT"}, "pin": {"4711"}, "btn": {"12"},
		"line_type": {"multi_line"}, "ddi": {"whole"}, "recipients": {"nobody@example.invalid"}, "service_same": {"1"}})
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("form error: %d\n%s", code, body)
	}
	for _, want := range []string{`value="4711"`, `value="multi_line" checked`, `value="whole" checked`, `nobody@example.invalid</textarea>`} {
		if !strings.Contains(body, want) {
			t.Errorf("the redisplayed form lost %s", want)
		}
	}
	for _, m := range summaryLink.FindAllStringSubmatch(body, -1) {
		if !strings.Contains(body, `id="`+m[1]+`"`) {
			t.Errorf("the error summary links to #%s, which is not on the page", m[1])
		}
	}
}

// TestWebStaffFormsKeepWhatWasTyped: the carriers and prices forms name the field in words,
// keep what was typed, and refuse "UK" with the code meant.
func TestWebStaffFormsKeepWhatWasTyped(t *testing.T) {
	t.Parallel()
	env := desktest.New(t, desktest.SQLite)
	env.NewStaff(t, "admin@op.example", domain.RoleAdmin)
	s := newBrowser(t, env)
	s.login("admin@op.example", password)
	s.get("/settings/carriers")

	code, body, _ := s.post("/settings/carriers", url.Values{"name": {"Openreach"}, "email": {"port@or.example"}, "countries": {"UK"}})
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, `id="carrier-countries-err"`) || !strings.Contains(body, "use GB") ||
		!strings.Contains(body, `value="Openreach"`) || !strings.Contains(body, `value="UK"`) {
		t.Errorf("a carrier in \"UK\": %d\n%s", code, body)
	}
	if code, body, _ := s.post("/settings/carriers", url.Values{"name": {"Openreach"}, "email": {"port@or.example"}, "countries": {"GB"}}); code != http.StatusSeeOther {
		t.Fatalf("add a carrier: %d %s", code, body)
	}
	s.get("/settings/carriers")
	code, body, _ = s.post("/settings/carriers", url.Values{"name": {"openreach"}, "email": {"other@or.example"}})
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, `id="carrier-name-err"`) || !strings.Contains(body, `value="other@or.example"`) {
		t.Errorf("a second carrier of the same name: %d\n%s", code, body)
	}

	s.get("/settings/prices")
	code, body, _ = s.post("/settings/prices", url.Values{"free_numbers": {"25"},
		"fee_country": {"GB"}, "fee_category": {"freephone"}, "fee_amount": {"2,50"}, "fee_currency": {"GBP"}})
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, `name="fee_amount" value="2,50"`) || !strings.Contains(body, "Carrier fees, row 1:") ||
		strings.Contains(body, "carrier_fees[") || !strings.Contains(body, `<p class="err">`) {
		t.Errorf("a price of 2,50: %d\n%s", code, body)
	}
}

// TestWebSettingsPagesWithoutAnAccount: the port-out settings open an account without
// ?account=, and no plain page load says that a form expired.
func TestWebSettingsPagesWithoutAnAccount(t *testing.T) {
	t.Parallel()
	env := desktest.New(t, desktest.SQLite)
	cust := env.NewCustomer(t, "Settings Co", 0, domain.CountryGB)
	env.NewStaff(t, "admin@op.example", domain.RoleAdmin)
	for _, who := range []struct{ email, pw string }{{cust.Admin.Email, cust.Password}, {"admin@op.example", password}} {
		b := newBrowser(t, env)
		b.login(who.email, who.pw)
		if code, body, _ := b.get("/settings/port-outs"); code != http.StatusOK || !strings.Contains(body, `<section class="card" id="account-`) {
			t.Errorf("%s: /settings/port-outs: %d\n%.2000s", who.email, code, body)
		}
		if _, body, _ := b.get("/settings/webhooks"); strings.Contains(body, "form has expired") {
			t.Errorf("%s: /settings/webhooks says a form expired", who.email)
		}
	}
}
