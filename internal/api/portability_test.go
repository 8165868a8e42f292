package api

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
)

func TestPortabilityChecks(t *testing.T) {
	t.Parallel()
	env := desktest.New(t, desktest.SQLite)
	c := newClient(t, env)
	cust := env.NewCustomer(t, "Acme", 0, domain.CountryGB)

	// JSON in, JSON out, in input order.
	var res struct{ Results []domain.Check }
	c.want(c.do("POST", "/api/v1/portability-checks", cust.Token, map[string]any{
		"numbers": []string{"0113 496 0001", "0500 123456", "+1 416 555 0234", "nonsense"}, "losing_provider": "BT"}), 200).json(t, &res)
	if len(res.Results) != 4 {
		t.Fatalf("results: %+v", res.Results)
	}
	want := []struct {
		portable domain.Portable
		category string
		loa      domain.LOAType
	}{{domain.PortableYes, "geographic", domain.LOAUKGeographic}, {domain.PortableNo, "withdrawn", ""}, {domain.PortableYes, "local", domain.LOACanada}, {domain.PortableNo, "other", ""}}
	for i, w := range want {
		got := res.Results[i]
		if got.Portable != w.portable || got.Category != w.category || got.LOAType != w.loa {
			t.Errorf("result %d: %+v", i, got)
		}
	}
	if res.Results[0].RangeHolder != "BT" || res.Results[1].Suggestion != "+448085123456" {
		t.Errorf("holder/suggestion: %+v %+v", res.Results[0], res.Results[1])
	}
	c.want(c.do("POST", "/api/v1/portability-checks", cust.Token, map[string]any{"numbers": []string{}}), 422)

	// A CSV body streams through: NDJSON by default, CSV when asked.
	var body strings.Builder
	body.WriteString("number\n")
	const n = 5000 // more than one batch
	for i := range n {
		fmt.Fprintf(&body, "0113 496 %04d\n", i%10000)
	}
	r := c.do("POST", "/api/v1/portability-checks", cust.Token, body.String(), "Content-Type", "text/csv")
	if r.code != 200 || r.header.Get("Content-Type") != "application/x-ndjson" {
		t.Fatalf("ndjson: %d %s", r.code, r.header)
	}
	sc := bufio.NewScanner(bytes.NewReader(r.body))
	lines := 0
	for sc.Scan() {
		var ch domain.Check
		if err := json.Unmarshal(sc.Bytes(), &ch); err != nil || ch.E164 == "" {
			t.Fatalf("line %d: %s", lines, sc.Text())
		}
		lines++
	}
	if lines != n {
		t.Fatalf("%d NDJSON lines, want %d", lines, n)
	}
	r = c.do("POST", "/api/v1/portability-checks?losing_provider=BT", cust.Token, "01134960001\n08001234567\n", "Content-Type", "text/plain", "Accept", "text/csv")
	recs, err := csv.NewReader(bytes.NewReader(r.body)).ReadAll()
	if r.code != 200 || err != nil || len(recs) != 3 || recs[0][0] != "input" || recs[2][11] != string(domain.LOAUKNonGeographic) {
		t.Fatalf("csv: %d %v %q", r.code, err, recs)
	}
	// A typed "number" a spreadsheet would run is written so that it cannot run.
	r = c.do("POST", "/api/v1/portability-checks", cust.Token, "01134960001\n=HYPERLINK(\"https://evil.example\";\"click\")\n", "Content-Type", "text/plain", "Accept", "text/csv")
	recs, err = csv.NewReader(bytes.NewReader(r.body)).ReadAll()
	if r.code != 200 || err != nil || len(recs) != 3 || !strings.HasPrefix(recs[2][0], "'=") {
		t.Fatalf("a formula in the CSV: %d %v %q", r.code, err, recs)
	}
	c.want(c.do("POST", "/api/v1/portability-checks", cust.Token, "x", "Content-Type", "image/png"), 400)
}

func TestAgreementsPricesAndQuoteOverAPI(t *testing.T) {
	t.Parallel()
	env := desktest.New(t, desktest.SQLite)
	c := newClient(t, env)
	cust := env.NewCustomer(t, "Acme", 0, domain.CountryGB)
	_, agent := env.NewStaff(t, "agent@op.example", domain.RoleAgent)
	_, admin := env.NewStaff(t, "admin@op.example", domain.RoleAdmin)

	var list struct{ Agreements []domain.PortingAgreement }
	c.want(c.do("GET", "/api/v1/porting-agreements", cust.Token, nil), 200).json(t, &list)
	if len(list.Agreements) < 15 {
		t.Fatalf("seeded agreements: %d", len(list.Agreements))
	}
	row := map[string]any{"country": "GB", "provider": "Sipgate", "categories": []string{"geographic"}, "portable": "yes"}
	c.want(c.do("POST", "/api/v1/porting-agreements", cust.Token, row), 403)
	var created domain.PortingAgreement
	c.want(c.do("POST", "/api/v1/porting-agreements", agent, row), 201).json(t, &created)
	row["portable"] = "check_required"
	c.want(c.do("PUT", "/api/v1/porting-agreements/"+strconv.FormatInt(created.ID, 10), agent, row), 200)
	c.want(c.do("PUT", "/api/v1/porting-agreements/999999", agent, row), 404)
	c.want(c.do("DELETE", "/api/v1/porting-agreements/"+strconv.FormatInt(created.ID, 10), agent, nil), 204)
	var audit struct {
		Entries []struct{ Action, Subject string }
	}
	c.want(c.do("GET", "/api/v1/audit-log?subject=porting_agreement:"+strconv.FormatInt(created.ID, 10), agent, nil), 200).json(t, &audit)
	if len(audit.Entries) != 3 || audit.Entries[0].Action != "deleted" || audit.Entries[2].Action != "created" {
		t.Fatalf("audit: %+v", audit)
	}
	c.want(c.do("GET", "/api/v1/audit-log", cust.Token, nil), 403)

	// Prices: a freephone carrier fee makes a one-number request cost something.
	prices := map[string]any{"carrier_fees": []map[string]any{{"country": "GB", "category": "freephone", "fee": map[string]any{"amount": 1200, "currency": "GBP"}}},
		"admin_charges": []any{}, "free_numbers": 50, "port_out_fees": []map[string]any{{"country": "GB", "fee": map[string]any{"amount": 1500, "currency": "GBP"}}}}
	c.want(c.do("PUT", "/api/v1/price-table", agent, prices), 403)
	c.want(c.do("PUT", "/api/v1/price-table", admin, prices), 200)

	changes := desktest.Complete()
	var p struct {
		ID      int64
		Version int64
	}
	c.want(c.do("POST", "/api/v1/port-ins", cust.Token, changes), 201).json(t, &p)
	c.want(c.do("POST", fmt.Sprintf("/api/v1/port-ins/%d/numbers", p.ID), cust.Token, map[string]any{"numbers": []map[string]string{{"number": "0800 123 4567"}}}, ifMatch(p.Version)...), 200)
	var plan struct {
		Orders []struct {
			LOAType string `json:"loa_type"`
		}
		Quote         domain.Quote
		QuoteAccepted bool   `json:"quote_accepted"`
		EarliestDate  string `json:"earliest_date"`
	}
	c.want(c.do("GET", fmt.Sprintf("/api/v1/port-ins/%d/portability", p.ID), cust.Token, nil), 200).json(t, &plan)
	if len(plan.Orders) != 1 || plan.Quote.Totals[0].Amount != 1200 || plan.QuoteAccepted || plan.EarliestDate == "" {
		t.Fatalf("plan: %+v", plan)
	}
	r := c.want(c.do("POST", fmt.Sprintf("/api/v1/port-ins/%d/submit", p.ID), cust.Token, nil, ifMatch(p.Version+1)...), 422)
	if !bytes.Contains(r.body, []byte(`"quote_acceptance"`)) {
		t.Fatalf("submit without acceptance: %s", r.body)
	}
	c.want(c.do("POST", fmt.Sprintf("/api/v1/port-ins/%d/quote-acceptance", p.ID), cust.Token, map[string]any{"hash": "stale"}, ifMatch(p.Version+1)...), 409)
	var accepted struct {
		Version         int64
		QuoteAcceptance *domain.QuoteAcceptance `json:"quote_acceptance"`
	}
	c.want(c.do("POST", fmt.Sprintf("/api/v1/port-ins/%d/quote-acceptance", p.ID), cust.Token, map[string]any{"hash": plan.Quote.Hash}, ifMatch(p.Version+1)...), 200).json(t, &accepted)
	if accepted.QuoteAcceptance == nil || accepted.QuoteAcceptance.Totals[0].Amount != 1200 {
		t.Fatalf("accepted: %+v", accepted)
	}
	c.paperwork(t, cust.Token, p.ID)
	c.want(c.do("POST", fmt.Sprintf("/api/v1/port-ins/%d/submit", p.ID), cust.Token, nil, ifMatch(accepted.Version)...), 200)
}
