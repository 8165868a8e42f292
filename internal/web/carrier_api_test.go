package web_test

import (
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/portdesk/portdesk/internal/carriers/telnyx/telnyxtest"
	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/web"
)

// The team adds a Telnyx carrier on the Carriers page, an admin sets its key there (never
// shown again), an agent sends a request to it, and the request's page shows the order at
// the carrier and every call made, a failed one in words.
func TestWebCarrierByAPI(t *testing.T) {
	t.Parallel()
	env := desktest.New(t, desktest.SQLite)
	fake := telnyxtest.New(t, env.Clock.Now)
	c := env.NewCustomer(t, "Acme", 0, domain.CountryGB)
	env.NewStaff(t, "admin@op.example", domain.RoleAdmin)
	p := env.Submitted(t, c.Actor, "0113 496 0771")
	s := newBrowserWith(t, env, web.Options{})
	s.login("admin@op.example", "correct horse battery staple")
	if code, body, _ := s.post("/settings/carriers", url.Values{"name": {"Telnyx"}, "email": {"porting@telnyx.example"}, "kind": {"telnyx"},
		"api_url": {fake.APIURL()}, "webhook_key": {fake.PublicKey}}); code != 303 {
		t.Fatalf("add carrier: %d\n%s", code, body)
	}
	cs, err := env.Store.Carriers(t.Context())
	if err != nil || len(cs) != 1 || cs[0].Kind != domain.CarrierTelnyx {
		t.Fatalf("carriers: %+v %v", cs, err)
	}
	id := strconv.FormatInt(cs[0].ID, 10)
	if code, body, _ := s.post("/settings/carriers/"+id+"/key", url.Values{"api_key": {fake.Key}}); code != 303 {
		t.Fatalf("set key: %d\n%s", code, body)
	}
	_, page, _ := s.get("/settings/carriers")
	if strings.Contains(page, fake.Key) || !strings.Contains(page, "Key set") {
		t.Fatalf("the carriers page after setting the key:\n%s", page)
	}
	fake.FailOn("POST /v2/documents", 500)
	path := "/port-ins/" + strconv.FormatInt(p.ID, 10)
	if code, body, _ := s.post(path+"/send-to-carrier", url.Values{"version": {strconv.FormatInt(p.Version, 10)}, "carrier_id": {id}}); code != 303 {
		t.Fatalf("send: %d\n%s", code, body)
	}
	// The job's first run fails on the 500, as River's would.
	ev := env.LastEvent(t, p.ID, domain.EventSentToCarrier)
	if err := env.Upstream.Submit(t.Context(), domain.CarrierSubmitArgs{EventID: ev.ID, PortInID: p.ID, CarrierID: cs[0].ID}); err == nil {
		t.Fatal("the send went through a failing upload")
	}
	_, page, _ = s.get(path)
	i := strings.Index(page, `id="carrier-section"`)
	if i < 0 {
		t.Fatalf("no carrier section:\n%s", page)
	}
	sec := page[i:]
	sec = sec[:strings.Index(sec, "</details>")]
	if !strings.Contains(sec, "po-0001") || !strings.Contains(sec, "create order") || !strings.Contains(sec, "Telnyx failed (500)") {
		t.Fatalf("the carrier section:\n%s", sec)
	}
}
