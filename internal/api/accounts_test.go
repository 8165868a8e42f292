package api

import (
	"context"
	"fmt"
	"testing"

	"github.com/portdesk/portdesk/internal/access"
	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
)

type accountOut struct {
	ID       int64  `json:"id"`
	Country  string `json:"country"`
	TimeZone string `json:"time_zone"`
}

// An account's time zone over the API: set at creation, changed with PATCH by the account's
// admins and the team, refused with a field error when it is not a zone.
func TestAccountTimeZoneOverAPI(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		c := newClient(t, env)
		ctx := context.Background()
		_, staff := env.NewStaff(t, "admin@op.example", domain.RoleAdmin)
		var prob problemJSON

		r := c.want(c.do("POST", "/api/v1/accounts", staff, map[string]any{"name": "Lost Co", "country": "US", "time_zone": "Mars/Olympus_Mons"}), 422)
		r.json(t, &prob)
		if prob.Code != "invalid" || len(prob.Errors) != 1 || prob.Errors[0].Field != "time_zone" || prob.Errors[0].Message == "" {
			t.Fatalf("invalid zone at creation: %s", r.body)
		}
		var acc accountOut
		c.want(c.do("POST", "/api/v1/accounts", staff, map[string]any{"name": "Pacific Co", "country": "US", "time_zone": "America/Los_Angeles"}), 201).json(t, &acc)
		if acc.TimeZone != "America/Los_Angeles" {
			t.Fatalf("created: %+v", acc)
		}
		var plain accountOut
		c.want(c.do("POST", "/api/v1/accounts", staff, map[string]any{"name": "Eastern Co", "country": "US"}), 201).json(t, &plain)
		if plain.TimeZone != "America/New_York" {
			t.Fatalf("no zone given: %+v, want the country's porting zone", plain)
		}

		cust := env.NewCustomer(t, "Zoned", 0, domain.CountryUS)
		other := env.NewCustomer(t, "Elsewhere", 0, domain.CountryGB)
		if _, _, err := env.Access.CreateUser(ctx, cust.Actor, access.NewUser{AccountID: cust.Account.ID, Role: domain.RoleMember, Email: "member@zoned.example", Password: "correct horse battery"}); err != nil {
			t.Fatal(err)
		}
		member, err := env.Access.TokenFor(ctx, "member@zoned.example", "test")
		if err != nil {
			t.Fatal(err)
		}
		path := fmt.Sprintf("/api/v1/accounts/%d", cust.Account.ID)

		var got accountOut
		c.want(c.do("GET", path, cust.Token, nil), 200).json(t, &got)
		if got.TimeZone != "America/New_York" {
			t.Fatalf("before: %+v", got)
		}
		c.want(c.do("PATCH", path, cust.Token, map[string]any{"time_zone": "America/Los_Angeles"}), 200).json(t, &got)
		if got.TimeZone != "America/Los_Angeles" || got.ID != cust.Account.ID {
			t.Fatalf("patched: %+v", got)
		}
		c.want(c.do("GET", path, cust.Token, nil), 200).json(t, &got)
		if got.TimeZone != "America/Los_Angeles" {
			t.Fatalf("not kept: %+v", got)
		}
		r = c.want(c.do("PATCH", path, cust.Token, map[string]any{"time_zone": "Pacific Time"}), 422)
		r.json(t, &prob)
		if len(prob.Errors) != 1 || prob.Errors[0].Field != "time_zone" || prob.Errors[0].Code != "invalid" {
			t.Fatalf("invalid zone: %s", r.body)
		}
		c.want(c.do("PATCH", path, cust.Token, map[string]any{"colour": "red"}), 400)
		c.want(c.do("PATCH", path, member, map[string]any{"time_zone": "America/Denver"}), 403)
		c.want(c.do("PATCH", path, other.Token, map[string]any{"time_zone": "America/Denver"}), 404)
		c.want(c.do("PATCH", "/api/v1/accounts/999999", staff, map[string]any{"time_zone": "America/Denver"}), 404)
		// The team sets any account's zone, and an empty one goes back to the porting zone.
		c.want(c.do("PATCH", path, staff, map[string]any{"time_zone": ""}), 200).json(t, &got)
		if got.TimeZone != "America/New_York" {
			t.Fatalf("reset by staff: %+v", got)
		}
		var audit struct {
			Entries []map[string]any `json:"entries"`
		}
		c.want(c.do("GET", "/api/v1/audit-log?subject=account:", staff, nil), 200).json(t, &audit)
		if len(audit.Entries) != 2 {
			t.Fatalf("audit: %+v", audit.Entries)
		}
	})
}
