package team_test

import (
	"errors"
	"testing"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/team"
)

// A number on an open port-in cannot be put in any account's inventory, the requesting
// account's sub-accounts and the account itself included, until the port ends.
func TestInventoryRefusesANumberOnAnOpenPort(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		staff, _ := env.NewStaff(t, "admin@op.example", domain.RoleAdmin)
		parent := env.NewCustomer(t, "Parent", 0, domain.CountryGB)
		sub := env.NewCustomer(t, "Sub", parent.Account.ID, domain.CountryGB)
		other := env.NewCustomer(t, "Other", 0, domain.CountryGB)
		p := env.Submitted(t, sub.Actor, "0113 496 0701")
		for _, tc := range []struct {
			name    string
			account int64
			status  domain.InventoryStatus
		}{
			{"another account", other.Account.ID, domain.InventoryActive},
			{"the parent account: a move between sub-accounts", parent.Account.ID, domain.InventoryActive},
			{"the requesting account, before the port", sub.Account.ID, domain.InventoryActive},
			{"as porting in", other.Account.ID, domain.InventoryPortingIn},
		} {
			_, err := env.Team.AddInventoryNumber(ctx, staff, team.InventoryInput{AccountID: tc.account, Number: "+441134960701", Status: tc.status})
			var e *domain.Error
			if !errors.As(err, &e) || e.Code != domain.ErrConflict || len(e.Fields) != 1 || e.Fields[0].Code != "open_port" {
				t.Errorf("%s: %v", tc.name, err)
			}
		}
		if inv, err := env.Store.InventoryByNumbers(ctx, []string{"+441134960701"}); err != nil || len(inv) != 0 {
			t.Fatalf("inventory: %+v %v", inv, err)
		}
		// Once the port ends, the number is free to record.
		if _, err := env.PortIns.Transition(ctx, sub.Actor, p.ID, p.Version, domain.StatusCancelled, "changed our mind"); err != nil {
			t.Fatal(err)
		}
		if _, err := env.Team.AddInventoryNumber(ctx, staff, team.InventoryInput{AccountID: other.Account.ID, Number: "+441134960701"}); err != nil {
			t.Fatalf("after the port: %v", err)
		}
	})
}
