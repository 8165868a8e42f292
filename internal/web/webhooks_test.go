package web_test

import (
	"html"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
)

func TestWebWebhooks(t *testing.T) {
	t.Parallel()
	env := desktest.New(t, desktest.SQLite)
	c := env.NewCustomer(t, "Hooked", 0, domain.CountryGB)
	other := env.NewCustomer(t, "Other", 0, domain.CountryGB)
	b := newBrowser(t, env)
	b.login(c.Admin.Email, c.Password)
	if code, page, _ := b.get("/settings/webhooks"); code != 200 || !strings.Contains(page, `id="webhook-form"`) {
		t.Fatalf("page: %d", code)
	}
	if code, page, _ := b.post("/settings/webhooks", url.Values{"url": {"http://127.0.0.1:8080/x"}}); code != 422 || !strings.Contains(page, `id="webhook-error"`) {
		t.Fatalf("loopback: %d", code)
	}
	code, page, _ := b.post("/settings/webhooks", url.Values{"url": {"https://93.184.216.34/hooks"}, "event": {"port_in.completed", "number.activated"}, "description": {"CRM"}})
	if code != 200 || !regexp.MustCompile(`<code class="token">whsec_[A-Za-z0-9+/=]{32}</code>`).MatchString(html.UnescapeString(page)) {
		t.Fatalf("created: %d\n%s", code, page)
	}
	_, page, _ = b.get("/settings/webhooks")
	if strings.Contains(page, "whsec_") || !strings.Contains(page, "https://93.184.216.34/hooks") || !strings.Contains(page, "number.activated") {
		t.Fatal("the list shows the secret or misses the endpoint")
	}
	link := regexp.MustCompile(`/settings/webhooks/(\d+)"`).FindStringSubmatch(page)
	if link == nil {
		t.Fatal("no log link")
	}
	if code, page, _ := b.get("/settings/webhooks/" + link[1]); code != 200 || !strings.Contains(page, "Nothing delivered yet") {
		t.Fatalf("log: %d", code)
	}
	if code, _, _ := b.post("/settings/webhooks/"+link[1]+"/toggle", url.Values{"disabled": {"1"}}); code != 303 {
		t.Fatalf("pause: %d", code)
	}
	if _, page, _ = b.get("/settings/webhooks"); !strings.Contains(page, "Paused") {
		t.Fatal("not paused")
	}
	o := newBrowser(t, env)
	o.login(other.Admin.Email, other.Password)
	if code, _, _ := o.get("/settings/webhooks/" + link[1]); code != 404 {
		t.Fatalf("another account's log: %d", code)
	}
	if code, _, _ := o.post("/settings/webhooks/"+link[1]+"/delete", url.Values{}); code != 404 {
		t.Fatalf("another account's delete: %d", code)
	}
}
