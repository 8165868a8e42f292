package web_test

import (
	"context"
	"net/url"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/notify"
	"github.com/portdesk/portdesk/internal/web"
)

// Without SMTP, the emails a request causes land in the outbox and the team reads them on
// the Mail page; customers cannot.
func TestWebMailOutbox(t *testing.T) {
	t.Parallel()
	env := desktest.New(t, "sqlite")
	ctx := context.Background()
	outbox := &notify.Outbox{Dir: filepath.Join(t.TempDir(), "mail")}
	env.UseMailer(t, outbox)
	c := env.NewCustomer(t, "Acme", 0, domain.CountryGB)
	env.NewStaff(t, "agent@op.example", domain.RoleAgent)
	p := env.Submitted(t, c.Actor, "0113 496 0703")
	es, _ := env.Store.Events(ctx, domain.PortInSubject(p.ID))
	if err := env.Delivery.DeliverEventEmails(ctx, domain.EventEmailArgs{EventID: es[len(es)-1].ID}); err != nil {
		t.Fatal(err)
	}

	s := newBrowserWith(t, env, web.Options{})
	s.login("agent@op.example", "correct horse battery staple")
	code, page, _ := s.get("/settings/mail")
	if code != 200 || strings.Count(page, `/eml" download`) != 2 || !strings.Contains(page, "We received your port request") {
		t.Fatalf("mail page: %d\n%s", code, page)
	}
	i := strings.Index(page, `<a href="/settings/mail/`) + len(`<a href="`)
	link := page[i : i+strings.Index(page[i:], `"`)]
	if code, preview, _ := s.get(link); code != 200 || !strings.Contains(preview, `id="mail-headers"`) {
		t.Fatalf("preview: %d\n%s", code, preview)
	}
	code, eml, h := s.get(link + "/eml")
	if code != 200 || h.Get("Content-Type") != "message/rfc822" || !strings.HasPrefix(h.Get("Content-Disposition"), "attachment") || !strings.Contains(eml, "Subject:") {
		t.Fatalf("eml: %d %v", code, h)
	}
	if code, _, _ := s.get("/settings/mail/..%2F..%2Fportdesk.db"); code != 404 {
		t.Errorf("path traversal: %d", code)
	}

	cust := newBrowserWith(t, env, web.Options{})
	cust.login(c.Admin.Email, c.Password)
	if code, _, _ := cust.get("/settings/mail"); code != 403 {
		t.Errorf("customer reads the outbox: %d", code)
	}
}

// The team adds a carrier and sends a submitted request's order package from the Desk panel.
func TestWebSendToCarrier(t *testing.T) {
	t.Parallel()
	env := desktest.New(t, "sqlite")
	outbox := &notify.Outbox{Dir: filepath.Join(t.TempDir(), "mail")}
	env.UseMailer(t, outbox)
	c := env.NewCustomer(t, "Acme", 0, domain.CountryGB)
	env.NewStaff(t, "agent@op.example", domain.RoleAgent)
	p := env.Submitted(t, c.Actor, "0113 496 0770")
	s := newBrowserWith(t, env, web.Options{})
	s.login("agent@op.example", "correct horse battery staple")
	path := "/port-ins/" + strconv.FormatInt(p.ID, 10)
	if _, page, _ := s.get(path); !strings.Contains(page, "No carriers yet") {
		t.Fatal("no hint to add a carrier")
	}
	if code, page, _ := s.post("/settings/carriers", url.Values{"name": {"BT Wholesale"}, "email": {"nope"}}); code != 422 || !strings.Contains(page, `id="carrier-error"`) {
		t.Fatalf("bad carrier: %d", code)
	}
	if code, _, _ := s.post("/settings/carriers", url.Values{"name": {"BT Wholesale"}, "email": {"porting@bt.example"}, "countries": {"GB"}}); code != 303 {
		t.Fatalf("add carrier: %d", code)
	}
	_, page, _ := s.get(path)
	m := regexp.MustCompile(`<option value="(\d+)">BT Wholesale \(porting@bt.example\)</option>`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no carrier to choose:\n%s", page)
	}
	if code, body, _ := s.post(path+"/send-to-carrier", url.Values{"carrier_id": {m[1]}, "version": {strconv.FormatInt(p.Version, 10)}}); code != 303 {
		t.Fatalf("send: %d %s", code, body)
	}
	if _, page, _ = s.get(path); !strings.Contains(page, "Order sent to BT Wholesale") || !strings.Contains(page, `id="status">In progress`) {
		t.Fatalf("after sending:\n%s", page)
	}
	cust := newBrowser(t, env)
	cust.login(c.Admin.Email, c.Password)
	if code, _, _ := cust.get("/settings/carriers"); code != 403 {
		t.Errorf("customer reads carriers: %d", code)
	}
}
