package web_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/portdesk/portdesk/internal/carriers/telnyx/telnyxtest"
	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/portin"
	"github.com/portdesk/portdesk/internal/team"
	"github.com/portdesk/portdesk/internal/web"
)

// The request page shows each US number's losing carrier and the carrier's answer (fast-port
// eligible, or not portable and why) from the answers the lookup job kept; the page itself
// asks the carrier nothing.
func TestWebCarrierLookupAnswers(t *testing.T) {
	t.Parallel()
	env := desktest.New(t, desktest.SQLite)
	ctx := t.Context()
	fake := telnyxtest.New(t, env.Clock.Now)
	admin, _ := env.NewStaff(t, "admin@op.example", domain.RoleAdmin)
	env.NewAPICarrier(t, admin, team.CarrierInput{Name: "Telnyx", Email: "porting@telnyx.example",
		Kind: domain.CarrierTelnyx, APIURL: fake.APIURL(), WebhookKey: fake.PublicKey}, fake.Key)
	fake.SetAnswer("+12015550235", telnyxtest.Answer{Carrier: "Verizon Wireless", CarrierType: "mobile", Portable: true, FastPortable: true})
	fake.SetAnswer("+12015550236", telnyxtest.Answer{Carrier: "Rural Telco", NotPortableReason: "No coverage in the rate center"})
	c := env.NewCustomer(t, "Acme", 0, domain.CountryUS)
	p, err := env.PortIns.Create(ctx, c.Actor, portin.Changes{Numbers: []portin.NumberInput{{Number: "+12015550235"}, {Number: "+12015550236"}}})
	if err != nil {
		t.Fatal(err)
	}
	env.RunLookupJobs(t)
	before := fake.Calls("")
	s := newBrowserWith(t, env, web.Options{})
	s.login(c.Admin.Email, c.Password)
	code, page, _ := s.get("/port-ins/" + strconv.FormatInt(p.ID, 10))
	if code != 200 {
		t.Fatalf("request page: %d", code)
	}
	for _, want := range []string{"Losing carrier: Verizon Wireless", "Fast-port eligible (Telnyx)", "Losing carrier: Rural Telco",
		"Not portable: Telnyx says “No coverage in the rate center”"} {
		if !strings.Contains(page, want) {
			t.Fatalf("the request page lacks %q:\n%s", want, page)
		}
	}
	if after := fake.Calls(""); after != before {
		t.Fatalf("the page asked the carrier: %d calls", after-before)
	}
}

// The request page's carrier panel shows the team the FOC windows the carrier allows.
func TestWebCarrierFOCWindows(t *testing.T) {
	t.Parallel()
	env := desktest.New(t, desktest.SQLite)
	ctx := t.Context()
	fake := telnyxtest.New(t, env.Clock.Now)
	admin, _ := env.NewStaff(t, "admin@op.example", domain.RoleAdmin)
	carrier := env.NewAPICarrier(t, admin, team.CarrierInput{Name: "Telnyx", Email: "porting@telnyx.example",
		Kind: domain.CarrierTelnyx, APIURL: fake.APIURL(), WebhookKey: fake.PublicKey}, fake.Key)
	c := env.NewCustomer(t, "Acme", 0, domain.CountryGB)
	p := env.Submitted(t, c.Actor, "0113 496 0771")
	if _, err := env.Team.SendToCarrier(ctx, admin, p.ID, p.Version, carrier.ID); err != nil {
		t.Fatal(err)
	}
	env.RunCarrierJobs(t)
	parts, err := env.Upstream.Orders(ctx, admin, p.ID)
	if err != nil || len(parts) != 1 || len(parts[0].FOCWindows) != 1 {
		t.Fatalf("parts: %+v %v", parts, err)
	}
	s := newBrowserWith(t, env, web.Options{})
	s.login("admin@op.example", "correct horse battery staple")
	_, page, _ := s.get("/port-ins/" + strconv.FormatInt(p.ID, 10))
	want := "The carrier allows a FOC " + parts[0].FOCWindows[0].From.Format("Mon 2 Jan 2006 15:04 MST") + " to " + parts[0].FOCWindows[0].To.Format("15:04 MST")
	if !strings.Contains(page, want) {
		t.Fatalf("the carrier panel lacks %q:\n%s", want, page)
	}
}
