package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/portin"
)

// The FOC form of a GB account's US order reads New York time, and a date before the quoted
// earliest one is taken only when the agent ticks the box the refusal offers.
func TestWebFOCConfirmsAnEarlyDate(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		ctx := context.Background()
		c := env.NewCustomer(t, "Acme", 0, domain.CountryGB)
		staff, _ := env.NewStaff(t, "agent@op.example", domain.RoleAgent)
		in := desktest.Complete()
		btn, losing := "(201) 555-0234", "Verizon"
		in.BTN, in.LosingProvider = &btn, &losing
		in.BillingAddress = &domain.Address{Line1: "1 Main St", City: "Newark", Region: "NJ", Postcode: "07102", Country: "US"}
		in.Numbers = []portin.NumberInput{{Number: "+1 800 234 5678"}}
		p, err := env.PortIns.Create(ctx, c.Actor, in)
		if err != nil {
			t.Fatal(err)
		}
		env.Paperwork(t, c.Actor, p.ID)
		v, _ := env.PortIns.Get(ctx, c.Actor, p.ID)
		if p, err = env.PortIns.Submit(ctx, c.Actor, p.ID, v.Version); err != nil {
			t.Fatal(err)
		}
		if p, err = env.PortIns.Transition(ctx, staff, p.ID, p.Version, domain.StatusInProgress, ""); err != nil {
			t.Fatal(err)
		}
		b := newBrowser(t, env)
		b.login("agent@op.example", "correct horse battery staple")
		path := "/port-ins/" + itoa(p.ID)
		if _, body, _ := b.get(path); !strings.Contains(body, "FOC date (America/New_York)") || strings.Contains(body, `id="foc-confirm-early"`) {
			t.Fatalf("FOC form:\n%s", body)
		}
		// Wednesday 25 November: before Friday 27, the earliest date quoted (a RespOrg change).
		form := url.Values{"version": {itoa(p.Version)}, "date": {"2026-11-25"}, "time": {"09:30"}}
		code, body, _ := b.post(path+"/foc", form)
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, "the earliest date quoted for this order") ||
			!strings.Contains(body, `id="foc-confirm-early"`) || !strings.Contains(body, `value="2026-11-25"`) || !strings.Contains(body, `value="09:30"`) {
			t.Fatalf("early FOC: %d\n%s", code, body)
		}
		form.Set("confirm_early", "1")
		if code, body, _ = b.post(path+"/foc", form); code != http.StatusSeeOther {
			t.Fatalf("confirmed early FOC: %d\n%s", code, body)
		}
		got, err := env.PortIns.Get(ctx, staff, p.ID)
		if want := time.Date(2026, 11, 25, 14, 30, 0, 0, time.UTC); err != nil || got.FOC == nil || !got.FOC.Equal(want) {
			t.Fatalf("FOC %v, want %v (09:30 in New York): %v", got.FOC, want, err)
		}
	})
}

// A customer naming a UK-only carrier as the losing provider of US numbers sees a warning on
// the request page before submitting, with what each order needs.
func TestWebWarnsOfACarrierOfAnotherCountry(t *testing.T) {
	t.Parallel()
	env := desktest.New(t, desktest.SQLite)
	ctx := context.Background()
	c := env.NewCustomer(t, "Acme", 0, domain.CountryUS)
	losing := "BT"
	p, err := env.PortIns.Create(ctx, c.Actor, portin.Changes{LosingProvider: &losing, Numbers: []portin.NumberInput{{Number: "(416) 555-0234"}}})
	if err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t, env)
	b.login(c.Admin.Email, c.Password)
	_, body, _ := b.get("/port-ins/" + itoa(p.ID))
	if !strings.Contains(body, `class="alert order-warning"`) || !strings.Contains(body, "we know BT as a provider in GB only, but these are CA numbers") {
		t.Fatalf("no warning on the request page:\n%s", body)
	}
	if !strings.Contains(body, "Needs: account number, PIN, billing number, service address.") {
		t.Fatalf("the order does not say what it needs:\n%s", body)
	}
}
