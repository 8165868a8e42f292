package jobs_test

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/portdesk/portdesk/desk"
	"github.com/portdesk/portdesk/desktest"
	"github.com/portdesk/portdesk/domain"
	"github.com/portdesk/portdesk/jobs"
	"github.com/portdesk/portdesk/store/postgres"
	"github.com/portdesk/portdesk/store/sqlite"
)

// TestStaleDraftJobRuns proves the whole path on each engine: the change that leaves a draft
// inserts its expiry job in the same transaction, River picks it up when due, and the
// worker deletes the draft while keeping its events.
func TestStaleDraftJobRuns(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		ctx := context.Background()
		// River schedules on the wall clock; start the service's clock 31 days back so the
		// expiry job is already due.
		now := time.Now().UTC()
		env.Clock.Set(now.Add(-31 * 24 * time.Hour))
		c := env.NewCustomer(t, "Forgetful", 0, domain.CountryGB)
		stale, err := env.Svc.CreatePortIn(ctx, c.Actor, desk.PortInChanges{Numbers: []desk.NumberInput{{Number: "0113 496 0600"}}})
		if err != nil {
			t.Fatal(err)
		}
		env.Clock.Set(now)
		kept, err := env.Svc.CreatePortIn(ctx, c.Actor, desk.PortInChanges{})
		if err != nil {
			t.Fatal(err)
		}

		log := slog.New(slog.NewTextHandler(io.Discard, nil))
		var runner *jobs.Runner
		switch st := env.Store.(type) {
		case *sqlite.Store:
			runner, err = jobs.NewSQLite(st.DB(), env.Svc, log)
		case *postgres.Store:
			runner, err = jobs.NewPostgres(st.Pool(), env.Svc, log)
		}
		if err != nil {
			t.Fatal(err)
		}
		rctx, cancel := context.WithTimeout(ctx, 60*time.Second)
		defer cancel()
		if err := runner.Start(rctx); err != nil {
			t.Fatal(err)
		}
		defer func() {
			sctx, c := context.WithTimeout(context.Background(), 10*time.Second)
			defer c()
			_ = runner.Stop(sctx)
		}()

		for {
			_, err := env.Store.PortIn(ctx, stale.ID)
			if domain.IsCode(err, domain.ErrNotFound) {
				break
			}
			if rctx.Err() != nil {
				t.Fatal("the stale draft was not deleted by its job in time")
			}
			time.Sleep(100 * time.Millisecond)
		}
		if _, err := env.Store.PortIn(ctx, kept.ID); err != nil {
			t.Fatalf("a fresh draft must stay: %v", err)
		}
		events, err := env.Store.Events(ctx, stale.ID)
		if err != nil || events[len(events)-1].Type != domain.EventDraftDeleted {
			t.Fatalf("events: %+v %v", events, err)
		}
	})
}
