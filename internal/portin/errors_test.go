package portin_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/portin"
)

// An error keeps its code through every layer and says what was being done to which
// request: the log of a 500 reads "submit port-in request 12: …".
func TestErrorsNameTheOperation(t *testing.T) {
	t.Parallel()
	env := desktest.New(t, desktest.SQLite)
	c := env.NewCustomer(t, "Acme", 0, domain.CountryGB)
	p, err := env.PortIns.Create(ctx, c.Actor, portin.Changes{})
	if err != nil {
		t.Fatal(err)
	}
	const missing = 987654
	rows := func() domain.RowSource {
		return portin.RowList(portin.Rows([]portin.NumberInput{{Number: "0113 496 0001"}}))
	}
	tests := []struct {
		op   string
		code domain.ErrorCode
		call func() error
	}{
		{fmt.Sprintf("submit port-in request %d", missing), domain.ErrNotFound, func() error {
			_, err := env.PortIns.Submit(ctx, c.Actor, missing, 1)
			return err
		}},
		{fmt.Sprintf("cancel port-in request %d", missing), domain.ErrNotFound, func() error {
			_, err := env.PortIns.Cancel(ctx, c.Actor, missing, 1, "")
			return err
		}},
		{fmt.Sprintf("get port-in request %d", missing), domain.ErrNotFound, func() error {
			_, err := env.PortIns.Get(ctx, c.Actor, missing)
			return err
		}},
		{fmt.Sprintf("timeline of port-in request %d", missing), domain.ErrNotFound, func() error {
			_, err := env.PortIns.Events(ctx, c.Actor, missing)
			return err
		}},
		{fmt.Sprintf("add numbers to port-in request %d", missing), domain.ErrNotFound, func() error {
			_, err := env.PortIns.AddNumbers(ctx, c.Actor, missing, 1, rows(), false)
			return err
		}},
		{fmt.Sprintf("open document %d of port-in request %d", missing, p.ID), domain.ErrNotFound, func() error {
			_, _, err := env.PortIns.OpenDocument(ctx, c.Actor, p.ID, missing)
			return err
		}},
		{fmt.Sprintf("update port-in request %d", p.ID), domain.ErrStale, func() error {
			_, err := env.PortIns.Update(ctx, c.Actor, p.ID, p.Version+1, portin.Changes{})
			return err
		}},
		{fmt.Sprintf("submit port-in request %d", p.ID), domain.ErrIncomplete, func() error {
			_, err := env.PortIns.Submit(ctx, c.Actor, p.ID, p.Version)
			return err
		}},
	}
	for _, tt := range tests {
		desktest.WantError(t, tt.call(), tt.code, tt.op)
	}

	// A job that runs early still says "not yet" to the worker, through the wrap.
	err = env.PortIns.EnableSMS(ctx, domain.EnableSMSArgs{PortInID: p.ID, Due: env.Clock.Now().Add(time.Hour)})
	var early *domain.NotYetError
	if !errors.As(err, &early) || !strings.Contains(err.Error(), fmt.Sprintf("SMS enablement of port-in request %d", p.ID)) {
		t.Errorf("early SMS enablement: %v", err)
	}

	// The database goes away: each failure is internal, and names what was being done.
	if err := env.Store.Close(); err != nil {
		t.Fatal(err)
	}
	down := []struct {
		op   string
		call func() error
	}{
		{fmt.Sprintf("submit port-in request %d", p.ID), func() error {
			_, err := env.PortIns.Submit(ctx, c.Actor, p.ID, p.Version)
			return err
		}},
		{fmt.Sprintf("FOC completion of port-in request %d", p.ID), func() error {
			return env.PortIns.CompleteAtFOC(ctx, domain.CompleteAtFOCArgs{PortInID: p.ID, FOC: env.Clock.Now()})
		}},
		{"list port-ins", func() error {
			_, err := env.PortIns.List(ctx, c.Actor, portin.ListFilter{})
			return err
		}},
		{"sweep stale drafts", func() error {
			_, err := env.PortIns.SweepStaleDrafts(ctx)
			return err
		}},
	}
	for _, tt := range down {
		desktest.WantError(t, tt.call(), domain.ErrInternal, tt.op)
	}
}
