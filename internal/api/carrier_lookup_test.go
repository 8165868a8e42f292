package api

import (
	"fmt"
	"testing"

	"github.com/portdesk/portdesk/internal/carriers/telnyx/telnyxtest"
	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/team"
)

// A check of US numbers queues the ask of the carrier and answers at once from the
// registers; the next check carries the carrier's answer (as openapi.json describes it).
func TestPortabilityCheckCarrierAnswer(t *testing.T) {
	t.Parallel()
	env := desktest.New(t, desktest.SQLite)
	fake := telnyxtest.New(t, env.Clock.Now)
	admin, _ := env.NewStaff(t, "admin@op.example", domain.RoleAdmin)
	env.NewAPICarrier(t, admin, team.CarrierInput{Name: "Telnyx", Email: "porting@telnyx.example",
		Kind: domain.CarrierTelnyx, APIURL: fake.APIURL(), WebhookKey: fake.PublicKey}, fake.Key)
	fake.SetAnswer("+12015550236", telnyxtest.Answer{Carrier: "Rural Telco", NotPortableReason: "No coverage in the rate center"})
	c := newClient(t, env)
	cust := env.NewCustomer(t, "Acme", 0, domain.CountryUS)
	check := func() []domain.Check {
		var res struct{ Results []domain.Check }
		c.want(c.do("POST", "/api/v1/portability-checks", cust.Token, map[string]any{"numbers": []string{"+12015550234", "+12015550236"}}), 200).json(t, &res)
		return res.Results
	}
	if res := check(); res[1].Carrier != nil || res[1].Portable != domain.PortableYes || fake.Calls("") != 0 {
		t.Fatalf("before the carrier answered: %+v, %d calls", res[1], fake.Calls(""))
	}
	if n, errs := env.RunLookupJobs(t); n != 1 || len(errs) != 0 {
		t.Fatalf("lookup jobs: %d %v", n, errs)
	}
	res := check()
	if a := res[0].Carrier; a == nil || a.LosingCarrier != telnyxtest.DefaultCarrier || a.Status != domain.CarrierSaysPortable {
		t.Fatalf("portable: %+v", a)
	}
	if a := res[1].Carrier; a == nil || a.Status != domain.CarrierSaysNotPortable || a.Reason != "No coverage in the rate center" ||
		res[1].Portable != domain.PortableNo {
		t.Fatalf("not portable: %+v %+v", res[1], a)
	}
}

// The carrier-log's orders carry the FOC windows the carrier allowed when each was
// submitted, and the date asked for lies in the first.
func TestCarrierLogFOCWindows(t *testing.T) {
	t.Parallel()
	env := desktest.New(t, desktest.SQLite)
	ctx := t.Context()
	fake := telnyxtest.New(t, env.Clock.Now)
	admin, staffToken := env.NewStaff(t, "admin@op.example", domain.RoleAdmin)
	carrier := env.NewAPICarrier(t, admin, team.CarrierInput{Name: "Telnyx", Email: "porting@telnyx.example",
		Kind: domain.CarrierTelnyx, APIURL: fake.APIURL(), WebhookKey: fake.PublicKey}, fake.Key)
	cust := env.NewCustomer(t, "Acme", 0, domain.CountryGB)
	p := env.Submitted(t, cust.Actor, "0113 496 0000")
	if _, err := env.Team.SendToCarrier(ctx, admin, p.ID, p.Version, carrier.ID); err != nil {
		t.Fatal(err)
	}
	env.RunCarrierJobs(t)
	c := newClient(t, env)
	var log struct {
		Orders []struct {
			FOCWindows []domain.FOCWindow `json:"foc_windows"`
		} `json:"orders"`
	}
	c.want(c.do("GET", fmt.Sprintf("/api/v1/port-ins/%d/carrier-log", p.ID), staffToken, nil), 200).json(t, &log)
	asked := fake.Orders()[0].FOCRequested
	if len(log.Orders) != 1 || len(log.Orders[0].FOCWindows) != 1 || asked == nil {
		t.Fatalf("carrier log: %+v, asked %v", log, asked)
	}
	if w := log.Orders[0].FOCWindows[0]; asked.Before(w.From) || asked.After(w.To) {
		t.Fatalf("asked %v outside the window %v", asked, w)
	}
}
