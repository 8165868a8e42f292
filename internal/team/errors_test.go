package team_test

import (
	"fmt"
	"testing"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
)

// An error keeps its code through every layer and says what the team was doing to which
// request: the log of a 500 reads "record the FOC of port-in request 9: …".
func TestErrorsNameTheOperation(t *testing.T) {
	t.Parallel()
	env := desktest.New(t, desktest.SQLite)
	c := env.NewCustomer(t, "Acme", 0, domain.CountryGB)
	staff, _ := env.NewStaff(t, "agent@op.example", domain.RoleAgent)
	p := env.Submitted(t, c.Actor, "0113 496 0001")
	const missing = 987654
	foc := env.FOC("GB", 5)
	tests := []struct {
		op   string
		code domain.ErrorCode
		call func() error
	}{
		{fmt.Sprintf("record the FOC of port-in request %d", missing), domain.ErrNotFound, func() error {
			_, err := env.Team.Schedule(ctx, staff, missing, 1, foc, true)
			return err
		}},
		{fmt.Sprintf("send back port-in request %d", p.ID), domain.ErrInvalid, func() error {
			_, err := env.Team.RequestFix(ctx, staff, p.ID, p.Version, nil, "")
			return err
		}},
		{fmt.Sprintf("assign port-in request %d", p.ID), domain.ErrForbidden, func() error {
			_, err := env.Team.Assign(ctx, c.Actor, p.ID, p.Version, 0)
			return err
		}},
		{fmt.Sprintf("send port-in request %d", p.ID), domain.ErrInvalid, func() error {
			_, err := env.Team.SendToCarrier(ctx, staff, p.ID, p.Version, missing)
			return err
		}},
		{fmt.Sprintf("update porting agreement %d", missing), domain.ErrNotFound, func() error {
			_, err := env.Team.UpdatePortingAgreement(ctx, staff, domain.PortingAgreement{ID: missing, Country: "GB", Provider: "BT"})
			return err
		}},
		{fmt.Sprintf("delete carrier %d", missing), domain.ErrForbidden, func() error {
			return env.Team.DeleteCarrier(ctx, c.Actor, missing)
		}},
	}
	for _, tt := range tests {
		desktest.WantError(t, tt.call(), tt.code, tt.op)
	}

	// The database goes away: each failure is internal, and names what was being done.
	if err := env.Store.Close(); err != nil {
		t.Fatal(err)
	}
	down := []struct {
		op   string
		call func() error
	}{
		{fmt.Sprintf("record the FOC of port-in request %d", p.ID), func() error {
			_, err := env.Team.Schedule(ctx, staff, p.ID, p.Version, foc, true)
			return err
		}},
		{"send the order package of event 7 to carrier 3", func() error {
			return env.Team.SendOrderPackage(ctx, domain.SendToCarrierArgs{EventID: 7, CarrierID: 3})
		}},
		{"reminders", func() error {
			_, err := env.Team.Reminders(ctx)
			return err
		}},
		{"time-to-port report", func() error {
			_, err := env.Team.PortTimes(ctx, staff)
			return err
		}},
	}
	for _, tt := range down {
		desktest.WantError(t, tt.call(), domain.ErrInternal, tt.op)
	}
}
