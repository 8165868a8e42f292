package portout_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/portout"
	"github.com/portdesk/portdesk/internal/team"
)

// An error keeps its code through every layer and says what was being done to which
// port-out or account: the log of a 500 reads "complete port-out 4: …".
func TestErrorsNameTheOperation(t *testing.T) {
	t.Parallel()
	env := desktest.New(t, desktest.SQLite)
	c := env.NewCustomer(t, "Acme", 0, domain.CountryGB)
	staff, _ := env.NewStaff(t, "agent@op.example", domain.RoleAgent)
	if _, err := env.Team.AddInventoryNumber(ctx, staff, team.InventoryInput{AccountID: c.Account.ID, Number: "0113 496 0001"}); err != nil {
		t.Fatal(err)
	}
	p, err := env.PortOuts.Create(ctx, staff, portout.Input{AccountID: c.Account.ID, GainingProvider: "Other Telecom", Numbers: []string{"0113 496 0001"}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	const missing = 987654
	const pin = "Secret42"
	tests := []struct {
		op   string
		code domain.ErrorCode
		call func() error
	}{
		{fmt.Sprintf("authorize port-out %d", missing), domain.ErrNotFound, func() error {
			_, err := env.PortOuts.Authorize(ctx, staff, missing, 1, "")
			return err
		}},
		{fmt.Sprintf("cancel port-out %d", p.ID), domain.ErrStale, func() error {
			_, err := env.PortOuts.Cancel(ctx, staff, p.ID, p.Version+1, "")
			return err
		}},
		{fmt.Sprintf("reject port-out %d", p.ID), domain.ErrInvalid, func() error {
			_, err := env.PortOuts.Reject(ctx, staff, p.ID, p.Version, nil, "")
			return err
		}},
		{fmt.Sprintf("timeline of port-out %d", missing), domain.ErrNotFound, func() error {
			_, err := env.PortOuts.Events(ctx, c.Actor, missing)
			return err
		}},
		{fmt.Sprintf("port-out settings of account %d", missing), domain.ErrNotFound, func() error {
			_, err := env.PortOuts.Settings(ctx, c.Actor, missing)
			return err
		}},
		{fmt.Sprintf("set the port-out PIN of account %d", c.Account.ID), domain.ErrForbidden, func() error {
			_, err := env.PortOuts.SetPIN(ctx, staff, c.Account.ID, pin)
			return err
		}},
	}
	for _, tt := range tests {
		err := tt.call()
		desktest.WantError(t, err, tt.code, tt.op)
		if err != nil && strings.Contains(err.Error(), pin) {
			t.Errorf("the error shows the PIN: %v", err)
		}
	}

	// A job that runs early still says "not yet" to the worker, through the wrap.
	err = env.PortOuts.AutoAuthorize(ctx, domain.AutoAuthorizeArgs{PortOutID: p.ID, Due: env.Clock.Now().Add(time.Hour)})
	var early *domain.NotYetError
	if !errors.As(err, &early) || !strings.Contains(err.Error(), fmt.Sprintf("auto-authorization of port-out %d", p.ID)) {
		t.Errorf("early auto-authorization: %v", err)
	}

	// The database goes away: each failure is internal, and names what was being done.
	if err := env.Store.Close(); err != nil {
		t.Fatal(err)
	}
	down := []struct {
		op   string
		call func() error
	}{
		{fmt.Sprintf("complete port-out %d", p.ID), func() error {
			_, err := env.PortOuts.Complete(ctx, staff, p.ID, p.Version)
			return err
		}},
		{fmt.Sprintf("auto-authorization of port-out %d", p.ID), func() error {
			return env.PortOuts.AutoAuthorize(ctx, domain.AutoAuthorizeArgs{PortOutID: p.ID, Due: env.Clock.Now()})
		}},
		{fmt.Sprintf("create a port-out of account %d", c.Account.ID), func() error {
			_, err := env.PortOuts.Create(ctx, staff, portout.Input{AccountID: c.Account.ID, GainingProvider: "Other Telecom", Numbers: []string{"0113 496 0001"}}, nil)
			return err
		}},
		{"list port-outs", func() error {
			_, err := env.PortOuts.List(ctx, c.Actor, portout.ListFilter{})
			return err
		}},
	}
	for _, tt := range down {
		desktest.WantError(t, tt.call(), domain.ErrInternal, tt.op)
	}
}
