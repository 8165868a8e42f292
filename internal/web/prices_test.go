package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
)

// The Prices form reads and shows amounts as the ledger does, in each currency's own minor
// unit: a yen charge typed 1500 is JPY 1500 (not 150000), commas only separate thousands,
// and a currency must be one in use.
func TestWebPricesInTheCurrencysOwnUnits(t *testing.T) {
	t.Parallel()
	env := desktest.New(t, desktest.SQLite)
	env.NewStaff(t, "admin@op.example", domain.RoleAdmin)
	s := newBrowser(t, env)
	s.login("admin@op.example", password)

	form := url.Values{"free_numbers": {"25"},
		"fee_country": {"GB"}, "fee_category": {"freephone"}, "fee_amount": {"1,250.00"}, "fee_currency": {"gbp"},
		"admin_country": {"JP"}, "admin_amount": {"1500"}, "admin_currency": {"JPY"},
		"out_country": {"BH"}, "out_amount": {"1.234"}, "out_currency": {"BHD"}}
	if code, body, _ := s.post("/settings/prices", form); code != http.StatusSeeOther {
		t.Fatalf("save prices: %d %s", code, body)
	}
	pt, _ := env.Billing.PriceTable(t.Context(), domain.Actor{})
	if len(pt.CarrierFees) != 1 || pt.CarrierFees[0].Fee != (domain.Money{Amount: 125000, Currency: "GBP"}) ||
		len(pt.AdminCharges) != 1 || pt.AdminCharges[0].Charge != (domain.Money{Amount: 1500, Currency: "JPY"}) ||
		len(pt.PortOutFees) != 1 || pt.PortOutFees[0].Fee != (domain.Money{Amount: 1234, Currency: "BHD"}) {
		t.Fatalf("saved prices: %+v", pt)
	}
	_, page, _ := s.get("/settings/prices")
	for _, want := range []string{`name="fee_amount" value="1250.00"`, `name="admin_amount" value="1500"`, `name="out_amount" value="1.234"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %s", want)
		}
	}

	for _, tc := range []struct {
		name, field, value, want string
	}{
		{"decimals in yen", "admin_amount", "1500.50", "no decimals"},
		{"a comma that is not a thousands separator", "fee_amount", "1,50", "commas only between groups of three digits"},
		{"two signs", "fee_amount", "--5", "one sign at most"},
		{"a currency not in use", "fee_currency", "XYZ", "currency code in use"},
		{"a credit as a price", "out_amount", "-1", "from 0 to BHD 1000000.000"},
	} {
		bad := url.Values{}
		for k, v := range form {
			bad[k] = v
		}
		bad.Set(tc.field, tc.value)
		if code, body, _ := s.post("/settings/prices", bad); code != http.StatusUnprocessableEntity || !strings.Contains(body, tc.want) {
			t.Errorf("%s: %d, want 422 saying %q", tc.name, code, tc.want)
		}
	}
	if pt2, _ := env.Billing.PriceTable(t.Context(), domain.Actor{}); pt2.AdminCharges[0].Charge != pt.AdminCharges[0].Charge {
		t.Errorf("a refused form changed the prices: %+v", pt2)
	}
}
