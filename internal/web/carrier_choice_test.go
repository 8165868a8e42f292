package web_test

import (
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/web"
)

// "Send the order package to" offers the carriers that take the order's country and
// category, the first chosen; the others are behind "Show all carriers".
func TestWebCarrierPreselection(t *testing.T) {
	t.Parallel()
	env := desktest.New(t, desktest.SQLite)
	c := env.NewCustomer(t, "Acme", 0, domain.CountryGB)
	env.NewStaff(t, "agent@op.example", domain.RoleAgent)
	p := env.Submitted(t, c.Actor, "0113 496 0771") // a GB geographic number
	s := newBrowserWith(t, env, web.Options{})
	s.login("agent@op.example", "correct horse battery staple")
	for _, cr := range []url.Values{
		{"name": {"Atlantic US"}, "email": {"port@us.example"}, "countries": {"US"}},
		{"name": {"Britmobile"}, "email": {"port@mobile.example"}, "countries": {"GB"}, "categories": {"mobile"}},
		{"name": {"Leeds Fixed"}, "email": {"port@fixed.example"}, "countries": {"GB"}, "categories": {"geographic"}},
	} {
		if code, body, _ := s.post("/settings/carriers", cr); code != 303 {
			t.Fatalf("add carrier %v: %d\n%s", cr, code, body)
		}
	}
	path := "/port-ins/" + strconv.FormatInt(p.ID, 10)
	_, page, _ := s.get(path)
	form := page[strings.Index(page, `id="send-form"`):]
	form = form[:strings.Index(form, "</form>")]
	first := strings.Index(form, "<option")
	if first < 0 || !strings.HasPrefix(form[first:], `<option value="`) || !strings.Contains(form[first:first+80], "Leeds Fixed") ||
		strings.Contains(form, "Atlantic US") || strings.Contains(form, "Britmobile") || !strings.Contains(form, `id="carriers-all"`) {
		t.Fatalf("the carrier choice:\n%s", form)
	}
	_, page, _ = s.get(path + "?carriers=all")
	form = page[strings.Index(page, `id="send-form"`):]
	form = form[:strings.Index(form, "</form>")]
	if i, j := strings.Index(form, "Leeds Fixed"), strings.Index(form, `<optgroup label="Other carriers">`); i < 0 || j < i ||
		!strings.Contains(form[j:], "Atlantic US") || !strings.Contains(form[j:], "Britmobile") {
		t.Fatalf("show all carriers:\n%s", form)
	}
}
