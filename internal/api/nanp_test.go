package api

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
)

// The NANP answers over the API, each held to the OpenAPI document: the check's region, each
// order's requires and warnings, a 0500 row's suggestion, and an inventory number refused
// while it is on an open port-in.
func TestNANPOverTheAPI(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		c := newClient(t, env)
		cust := env.NewCustomer(t, "Acme", 0, domain.CountryGB)
		_, staff := env.NewStaff(t, "admin@op.example", domain.RoleAdmin)

		var checks struct{ Results []domain.Check }
		c.want(c.do("POST", "/api/v1/portability-checks", cust.Token, map[string]any{
			"numbers": []string{"+1 787 555 1234", "+1 900 234 5678", "+1 201 555 0123"}}), 200).json(t, &checks)
		if r := checks.Results; len(r) != 3 || r[0].Country != "US" || r[0].Region != "PR" || r[1].Portable != domain.CheckRequired ||
			r[1].Category != "premium" || r[2].Portable != domain.PortableNo || r[2].Reasons[0] != domain.ReasonFictionalNumber {
			t.Fatalf("checks: %+v", r)
		}

		var p struct {
			ID      int64
			Version int64
		}
		c.want(c.do("POST", "/api/v1/port-ins", cust.Token, map[string]any{"losing_provider": "BT",
			"numbers": []map[string]string{{"number": "+1 416 555 0234"}}}), 201).json(t, &p)
		path := fmt.Sprintf("/api/v1/port-ins/%d", p.ID)
		var plan struct {
			Orders []struct {
				Requires []string
				Warnings []string
			}
		}
		c.want(c.do("GET", path+"/portability", cust.Token, nil), 200).json(t, &plan)
		if len(plan.Orders) != 1 || !slices.Contains(plan.Orders[0].Requires, "pin") || len(plan.Orders[0].Warnings) != 1 {
			t.Fatalf("plan: %+v", plan)
		}
		var rows struct {
			Rows []struct {
				Code, Suggestion string
			}
		}
		c.want(c.do("POST", path+"/numbers?dry_run=true", cust.Token, "number\n0500 123456\n", "Content-Type", "text/csv"), 200).json(t, &rows)
		if len(rows.Rows) != 1 || rows.Rows[0].Suggestion != "+448085123456" {
			t.Fatalf("rows: %+v", rows)
		}

		r := c.want(c.do("POST", "/api/v1/inventory", staff, map[string]any{"account_id": cust.Account.ID, "number": "+1 416 555 0234"}), 409)
		if !strings.Contains(string(r.body), "open_port") {
			t.Fatalf("inventory: %s", r.body)
		}
	})
}
