package api

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
)

// TestRangeHolderUnknownInTheAPI: a request's portability says, on the number and on its
// order, that no range data names the range holder and that the lead time assumes SUP; the
// OpenAPI document declares what it says.
func TestRangeHolderUnknownInTheAPI(t *testing.T) {
	t.Parallel()
	spec := loadSpec(t)
	for schema, field := range map[string]string{"Check": "lead_time_assumes", "Order": "range_holder_unknown", "LeadTime": "assumption"} {
		if s := spec.Components.Schemas[schema]; s == nil || s.Value.Properties[field] == nil {
			t.Errorf("openapi.json: %s has no %s", schema, field)
		}
	}

	env := desktest.New(t, desktest.SQLite)
	c := newClient(t, env)
	cust := env.NewCustomer(t, "Unknown Holder Co", 0, domain.CountryGB)
	changes := desktest.Complete()
	changes.LineType = nil // a single line: 4 working days as a PRO order, 7 as SUP
	var p struct{ ID, Version int64 }
	c.want(c.do("POST", "/api/v1/port-ins", cust.Token, changes), 201).json(t, &p)
	// 0121 496 is in none of the sample files: its range holder is unknown.
	c.want(c.do("POST", fmt.Sprintf("/api/v1/port-ins/%d/numbers", p.ID), cust.Token, map[string]any{"numbers": []map[string]string{{"number": "0121 496 0000"}}}, ifMatch(p.Version)...), 200)
	var plan struct {
		Checks []struct {
			Reasons         []string
			Message         string
			LeadTimeAssumes string `json:"lead_time_assumes"`
		}
		Orders []struct {
			RangeHolderUnknown int  `json:"range_holder_unknown"`
			Subsequent         bool `json:"subsequent"`
			LeadTime           struct {
				WorkingDays int `json:"working_days"`
				Rule        string
				Assumption  string
			} `json:"lead_time"`
			LeadNote string `json:"lead_time_note"`
		}
	}
	c.want(c.do("GET", fmt.Sprintf("/api/v1/port-ins/%d/portability", p.ID), cust.Token, nil), 200).json(t, &plan)
	if len(plan.Checks) != 1 || plan.Checks[0].LeadTimeAssumes != "sup" || !slices.Contains(plan.Checks[0].Reasons, domain.ReasonUnknownHolder) ||
		!strings.Contains(plan.Checks[0].Message, "Range holder unknown") {
		t.Fatalf("check: %+v", plan.Checks)
	}
	if len(plan.Orders) != 1 {
		t.Fatalf("orders: %+v", plan.Orders)
	}
	o := plan.Orders[0]
	if o.RangeHolderUnknown != 1 || o.Subsequent || o.LeadTime.WorkingDays != 7 || !strings.Contains(o.LeadTime.Rule, "SUP order assumed") ||
		!strings.HasPrefix(o.LeadTime.Assumption, "range holder unknown: lead time assumes a subsequent (SUP) order") || !strings.Contains(o.LeadNote, "Range holder unknown") {
		t.Fatalf("order: %+v", o)
	}
}
