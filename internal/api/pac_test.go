package api

import (
	"fmt"
	"slices"
	"testing"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
)

// A UK mobile request over the API: the check names the PAC, not a letter; PATCH takes the
// PAC (a bad one is a 422 naming its field) and the request shows it upper-case; submit
// needs no letter and no bill.
func TestMobilePortInOnAPAC(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		c := newClient(t, env)
		cust := env.NewCustomer(t, "Mobiles", 0, domain.CountryGB)
		tok := cust.Token

		body := complete()
		delete(body, "losing_provider_address")
		delete(body, "line_type")
		body["numbers"] = []map[string]string{{"number": "07912 345678"}}
		var p struct {
			ID      int64 `json:"id"`
			Version int64 `json:"version"`
			Status  string
			PAC     *struct {
				Order     string `json:"order"`
				Code      string `json:"code"`
				ExpiresOn string `json:"expires_on"`
			} `json:"pac"`
			Missing []domain.FieldError `json:"missing"`
		}
		c.want(c.do("POST", "/api/v1/port-ins", tok, body), 201).json(t, &p)
		path := fmt.Sprintf("/api/v1/port-ins/%d", p.ID)
		if p.PAC != nil || len(p.Missing) != 1 || p.Missing[0].Field != "pac" {
			t.Fatalf("created: %+v", p)
		}

		var plan struct {
			Checks []struct {
				LOAType  string   `json:"loa_type"`
				Requires []string `json:"requires"`
			} `json:"checks"`
			Orders []struct {
				Key      string `json:"key"`
				LOAType  string `json:"loa_type"`
				LeadTime struct {
					WorkingDays int    `json:"working_days"`
					Window      string `json:"window"`
				} `json:"lead_time"`
			} `json:"orders"`
		}
		c.want(c.do("GET", path+"/portability", tok, nil), 200).json(t, &plan)
		if len(plan.Checks) != 1 || plan.Checks[0].LOAType != "uk_mobile_pac" || !slices.Equal(plan.Checks[0].Requires, []string{"pac"}) ||
			len(plan.Orders) != 1 || plan.Orders[0].LOAType != "uk_mobile_pac" || plan.Orders[0].LeadTime.WorkingDays != 1 ||
			plan.Orders[0].LeadTime.Window != "1 working day after the PAC is accepted" {
			t.Fatalf("portability: %+v", plan)
		}

		var prob problemJSON
		c.want(c.do("POST", path+"/submit", tok, map[string]any{"version": p.Version}), 422).json(t, &prob)
		if !slices.Equal(fieldsOf(prob), []string{"pac"}) {
			t.Fatalf("submit without a PAC: %+v", prob)
		}
		c.want(c.do("PATCH", path, tok, map[string]any{"pac": map[string]string{"code": "AB12345678", "expires_on": env.PACExpiry(3)}}, ifMatch(p.Version)...), 422).json(t, &prob)
		if !slices.Equal(fieldsOf(prob), []string{"pac.code"}) {
			t.Fatalf("a malformed PAC: %+v", prob)
		}
		p.Missing = nil // absent once nothing is missing
		c.want(c.do("PATCH", path, tok, map[string]any{"pac": map[string]string{"code": "abc123456", "expires_on": env.PACExpiry(3)}}, ifMatch(p.Version)...), 200).json(t, &p)
		if p.PAC == nil || p.PAC.Code != "ABC123456" || p.PAC.ExpiresOn != env.PACExpiry(3) || p.PAC.Order != "GB|uk_mobile_pac" || len(p.Missing) != 0 {
			t.Fatalf("after PATCH: %+v", p)
		}
		c.want(c.do("POST", path+"/submit", tok, map[string]any{"version": p.Version}), 200).json(t, &p)
		if p.Status != "submitted" || p.PAC == nil {
			t.Fatalf("submitted: %+v", p)
		}
	})
}
