package api

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/team"
)

// portOutDesk is an account with numbers in its inventory, the team's token and a client
// that holds every answer to openapi.json.
type portOutDesk struct {
	env      *desktest.Env
	c        *client
	cust     desktest.Customer
	staffTok string
}

func newPortOutDesk(t *testing.T, numbers ...string) portOutDesk {
	t.Helper()
	env := desktest.New(t, desktest.SQLite)
	d := portOutDesk{env: env, c: newClient(t, env), cust: env.NewCustomer(t, "Outbound", 0, domain.CountryGB)}
	var staff domain.Actor
	staff, d.staffTok = env.NewStaff(t, "agent@op.example", domain.RoleAgent)
	for _, n := range numbers {
		if _, err := env.Team.AddInventoryNumber(context.Background(), staff, team.InventoryInput{AccountID: d.cust.Account.ID, Number: n}); err != nil {
			t.Fatal(err)
		}
	}
	return d
}

// A port-out's 409 lists port-out statuses, and the answer still matches openapi.json.
func TestPortOutIllegalMoveListsPortOutStatuses(t *testing.T) {
	t.Parallel()
	d := newPortOutDesk(t, "0113 496 0901")
	p := announcePortOut(t, d.env, d.cust, "0113 496 0901")
	var prob problemJSON
	d.c.want(d.c.do("POST", fmt.Sprintf("/api/v1/port-outs/%d/complete", p.ID), d.staffTok, map[string]any{"version": p.Version}), 409).json(t, &prob)
	if prob.Code != "illegal_transition" || !slices.Contains(prob.Allowed, "authorized") {
		t.Fatalf("completing a pending port-out: %+v", prob)
	}
}

// Port-out moves take an empty body when If-Match names the version, as port-in actions do.
func TestPortOutMoveWithoutBody(t *testing.T) {
	t.Parallel()
	d := newPortOutDesk(t, "0113 496 0901")
	p := announcePortOut(t, d.env, d.cust, "0113 496 0901")
	var po portOutResp
	d.c.want(d.c.do("POST", fmt.Sprintf("/api/v1/port-outs/%d/authorize", p.ID), d.staffTok, nil, ifMatch(p.Version)...), 200).json(t, &po)
	if po.Status != "authorized" {
		t.Fatalf("authorized without a body: %+v", po)
	}
	d.c.want(d.c.do("POST", fmt.Sprintf("/api/v1/port-outs/%d/complete", p.ID), d.staffTok, nil, ifMatch(po.Version)...), 200).json(t, &po)
	if po.Status != "completed" {
		t.Fatalf("completed without a body: %+v", po)
	}
}

// A move refuses, naming it, each field it does not take, rather than dropping it.
func TestPortOutMoveRefusesFieldsItDoesNotTake(t *testing.T) {
	t.Parallel()
	d := newPortOutDesk(t, "0113 496 0901")
	p := announcePortOut(t, d.env, d.cust, "0113 496 0901")
	path := fmt.Sprintf("/api/v1/port-outs/%d", p.ID)
	pin := []map[string]string{{"code": "pin"}}
	for _, tc := range []struct {
		move  string
		body  map[string]any
		field string
	}{
		{"reject", map[string]any{"rejections": pin, "reason": "wrong PIN", "note": "ask again"}, "reason"},
		{"complete", map[string]any{"reason": "done"}, "reason"},
		{"complete", map[string]any{"note": "done"}, "note"},
		{"authorize", map[string]any{"note": "fine"}, "note"},
		{"authorize", map[string]any{"rejections": pin}, "rejections"},
		{"cancel", map[string]any{"reason": "changed mind", "note": "bye"}, "note"},
	} {
		tc.body["version"] = p.Version
		var prob problemJSON
		d.c.want(d.c.do("POST", path+"/"+tc.move, d.staffTok, tc.body), 422).json(t, &prob)
		if fields := fieldsOf(prob); !slices.Equal(fields, []string{tc.field}) {
			t.Errorf("%s %v: fields %v, want %s", tc.move, tc.body, fields, tc.field)
		}
	}
	// Nothing moved; what each move does take still works.
	var po portOutResp
	d.c.want(d.c.do("POST", path+"/reject", d.staffTok, map[string]any{"version": p.Version, "rejections": pin, "note": "ask again"}), 200).json(t, &po)
	if po.Status != "rejected" || po.Version != p.Version+1 {
		t.Fatalf("rejected %+v", po)
	}
}

// A blank PIN is refused, not taken as removal; DELETE removes it.
func TestBlankPortOutPINIsRefused(t *testing.T) {
	t.Parallel()
	d := newPortOutDesk(t)
	pinPath := fmt.Sprintf("/api/v1/accounts/%d/port-out-pin", d.cust.Account.ID)
	var st struct {
		PINSet bool `json:"pin_set"`
	}
	d.c.want(d.c.do("PUT", pinPath, d.cust.Token, map[string]any{"pin": "2468"}), 200).json(t, &st)
	for _, blank := range []string{"", "    ", "\t\n"} {
		var prob problemJSON
		d.c.want(d.c.do("PUT", pinPath, d.cust.Token, map[string]any{"pin": blank}), 422).json(t, &prob)
		if fields := fieldsOf(prob); !slices.Equal(fields, []string{"pin"}) {
			t.Errorf("PIN %q: fields %v", blank, fields)
		}
	}
	d.c.want(d.c.do("GET", fmt.Sprintf("/api/v1/accounts/%d/port-out-settings", d.cust.Account.ID), d.cust.Token, nil), 200).json(t, &st)
	if !st.PINSet {
		t.Fatal("a blank PIN removed the PIN")
	}
	d.c.want(d.c.do("DELETE", pinPath, d.cust.Token, nil), 200).json(t, &st)
	if st.PINSet {
		t.Fatal("DELETE left the PIN set")
	}
}
