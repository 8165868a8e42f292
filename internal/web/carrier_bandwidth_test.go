package web_test

import (
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/portdesk/portdesk/internal/carriers/bandwidth/bandwidthtest"
	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/web"
)

// The team adds a Bandwidth carrier with its account and site (ids are digits, both
// required), an admin sets the API user's user:password and the callbacks' password, each
// sealed and never shown again, and the page says they are set.
func TestWebBandwidthCarrier(t *testing.T) {
	t.Parallel()
	env := desktest.New(t, desktest.SQLite)
	fake := bandwidthtest.New(t, env.Clock.Now)
	env.NewStaff(t, "admin@op.example", domain.RoleAdmin)
	s := newBrowserWith(t, env, web.Options{})
	s.login("admin@op.example", "correct horse battery staple")
	form := url.Values{"name": {"Bandwidth"}, "email": {"lnp@bandwidth.example"}, "kind": {"bandwidth"}, "api_url": {fake.APIURL()},
		"webhook_key": {fake.HookUser}, "account_id": {fake.Account}, "site_id": {"12a"}}
	code, body, _ := s.post("/settings/carriers", form)
	if code != 422 || !strings.Contains(body, "digits only") || !strings.Contains(body, `value="12a"`) {
		t.Fatalf("a site id of letters: %d\n%s", code, body)
	}
	form.Set("site_id", fake.Site)
	if code, body, _ := s.post("/settings/carriers", form); code != 303 {
		t.Fatalf("add carrier: %d\n%s", code, body)
	}
	cs, err := env.Store.Carriers(t.Context())
	if err != nil || len(cs) != 1 || cs[0].Kind != domain.CarrierBandwidth || cs[0].AccountID != fake.Account || cs[0].SiteID != fake.Site {
		t.Fatalf("carriers: %+v %v", cs, err)
	}
	id := strconv.FormatInt(cs[0].ID, 10)
	if code, body, _ := s.post("/settings/carriers/"+id+"/key", url.Values{"api_key": {"no-colon"}}); code != 422 || !strings.Contains(body, "user:password") {
		t.Fatalf("a key that is not user:password: %d\n%s", code, body)
	}
	if code, body, _ := s.post("/settings/carriers/"+id+"/key", url.Values{"api_key": {fake.Credentials()}}); code != 303 {
		t.Fatalf("set key: %d\n%s", code, body)
	}
	if code, body, _ := s.post("/settings/carriers/"+id+"/key", url.Values{"webhook_secret": {fake.HookPassword}}); code != 303 {
		t.Fatalf("set callback password: %d\n%s", code, body)
	}
	_, page, _ := s.get("/settings/carriers")
	if strings.Contains(page, fake.Password) || strings.Contains(page, fake.HookPassword) || !strings.Contains(page, "Key set") ||
		!strings.Contains(page, "Callback password set") || !strings.Contains(page, "site "+fake.Site) {
		t.Fatalf("the carriers page after setting the secrets:\n%s", page)
	}
	c, err := env.Store.Carrier(t.Context(), cs[0].ID)
	if err != nil || len(c.WebhookSecretSealed) == 0 || strings.Contains(string(c.WebhookSecretSealed), fake.HookPassword) || c.WebhookSecretSetAt == nil {
		t.Fatalf("the callback password sealed: %+v %v", c, err)
	}
}
