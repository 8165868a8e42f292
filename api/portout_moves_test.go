package api

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/portdesk/portdesk/desk"
	"github.com/portdesk/portdesk/desktest"
	"github.com/portdesk/portdesk/domain"
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
		if _, err := env.Svc.AddInventoryNumber(context.Background(), staff, desk.InventoryInput{AccountID: d.cust.Account.ID, Number: n}); err != nil {
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
