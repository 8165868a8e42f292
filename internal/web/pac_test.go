package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/portin"
)

// mobileRequest is a draft with every detail a UK mobile request needs, and numbers.
func mobileRequest(t *testing.T, env *desktest.Env, a domain.Actor, numbers ...string) domain.PortIn {
	t.Helper()
	c := desktest.Complete()
	c.LosingProviderAddress, c.LineType = nil, nil
	for _, n := range numbers {
		c.Numbers = append(c.Numbers, portin.NumberInput{Number: n})
	}
	p, err := env.PortIns.Create(t.Context(), a, c)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// The request page of UK mobiles asks for the PAC, not a letter or a bill; a bad PAC is
// shown again with what is wrong; with a good one the request submits.
func TestWebMobilePAC(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		c := env.NewCustomer(t, "Mobiles", 0, domain.CountryGB)
		p := mobileRequest(t, env, c.Actor, "07912 345678")
		path := "/port-ins/" + itoa(p.ID)
		b := newBrowser(t, env)
		b.login(c.Admin.Email, c.Password)

		_, body, _ := b.get(path)
		for _, want := range []string{`id="pac-form"`, `<a href="#pac">Enter the PAC`, `id="no-letter"`, `id="pac-none"`, "UK mobile (PAC, no letter)", "1 working day after the PAC is accepted"} {
			if !strings.Contains(body, want) {
				t.Errorf("the page lacks %q", want)
			}
		}
		for _, unwanted := range []string{`id="sign-section"`, "Upload proof of ownership"} {
			if strings.Contains(body, unwanted) {
				t.Errorf("the page shows %q", unwanted)
			}
		}

		code, body, _ := b.post(path+"/pac", url.Values{"version": {itoa(p.Version)}, "pac_code": {"ABC12345"}, "pac_expires_on": {env.PACExpiry(40)}})
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, `id="pac-code-err"`) || !strings.Contains(body, `id="pac-expires_on-err"`) ||
			!strings.Contains(body, `value="ABC12345"`) {
			t.Fatalf("a bad PAC: %d\n%s", code, body)
		}
		code, _, h := b.post(path+"/pac", url.Values{"version": {itoa(p.Version)}, "pac_code": {"abc123456"}, "pac_expires_on": {env.PACExpiry(20)}})
		if code != http.StatusSeeOther || h.Get("Location") != path+"#pac" {
			t.Fatalf("saving the PAC: %d %v", code, h)
		}
		_, body, _ = b.get(path)
		if !strings.Contains(body, `PAC <strong>ABC123456</strong>`) || !strings.Contains(body, `class="ready"`) {
			t.Fatalf("after saving the PAC:\n%s", body)
		}
		v, _ := env.PortIns.Get(t.Context(), c.Actor, p.ID)
		if code, _, _ = b.post(path+"/submit", url.Values{"version": {itoa(v.Version)}}); code != http.StatusSeeOther {
			t.Fatalf("submit: %d", code)
		}
		if v, _ = env.PortIns.Get(t.Context(), c.Actor, p.ID); v.Status != domain.StatusSubmitted {
			t.Fatalf("status %s", v.Status)
		}
	})
}
