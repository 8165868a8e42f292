// Package jobs runs PortDesk's background work on River, on whichever database the store
// uses: jobs are inserted by the store in the transaction of the change that causes them,
// and worked here by any replica.
package jobs

import (
	"cmp"
	"context"
	"database/sql"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/riverdriver/riversqlite"

	"github.com/portdesk/portdesk/internal/app"
)

// Runner works jobs until stopped.
type Runner struct {
	start func(context.Context) error
	stop  func(context.Context) error
}

// Start begins working jobs in the background.
func (r *Runner) Start(ctx context.Context) error { return r.start(ctx) }

// Stop finishes the jobs in hand (until ctx ends) and stops.
func (r *Runner) Stop(ctx context.Context) error { return r.stop(ctx) }

// Options tune the runner.
type Options struct {
	Log *slog.Logger
	// RescueAfter is how long a job may stay running before it is taken to belong to a
	// replica that died, and run again; zero is DefaultRescueAfter.
	RescueAfter time.Duration
}

// DefaultRescueAfter: every job here takes seconds, so a job still running after five
// minutes was lost with its replica. River's own default, an hour, would hold a port due at
// its FOC for an hour after a crash.
const DefaultRescueAfter = 5 * time.Minute

// jobTimeout bounds one run of a job; River requires it not to exceed RescueAfter.
const jobTimeout = time.Minute

// NewSQLite works jobs from the embedded SQLite database.
func NewSQLite(db *sql.DB, a *app.App, opts Options) (*Runner, error) {
	// SQLite has no LISTEN/NOTIFY: poll, briefly, for jobs due now.
	return newRunner(riversqlite.New(db), a, opts, true)
}

// NewPostgres works jobs from PostgreSQL; several replicas share the queue safely.
func NewPostgres(pool *pgxpool.Pool, a *app.App, opts Options) (*Runner, error) {
	return newRunner(riverpgxv5.New(pool), a, opts, false)
}

func newRunner[TTx any](driver riverdriver.Driver[TTx], a *app.App, opts Options, pollOnly bool) (*Runner, error) {
	rescueAfter := cmp.Or(opts.RescueAfter, DefaultRescueAfter)
	workers := river.NewWorkers()
	river.AddWorker(workers, &staleDraftWorker{app: a})
	river.AddWorker(workers, &housekeepingWorker{app: a})
	river.AddWorker(workers, &eventEmailWorker{app: a})
	river.AddWorker(workers, &webhookWorker{app: a})
	river.AddWorker(workers, &completeAtFOCWorker{app: a})
	river.AddWorker(workers, &enableSMSWorker{app: a})
	river.AddWorker(workers, &sendToCarrierWorker{app: a})
	river.AddWorker(workers, &remindersWorker{app: a})
	river.AddWorker(workers, &autoAuthorizeWorker{app: a})
	cfg := &river.Config{
		Logger:               opts.Log,
		JobTimeout:           min(jobTimeout, rescueAfter),
		RescueStuckJobsAfter: rescueAfter,
		PollOnly:             pollOnly,
		Queues:               map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 4}},
		Workers:              workers,
		PeriodicJobs: []*river.PeriodicJob{
			// A safety net: the per-draft jobs do the work, this catches any that were lost.
			river.NewPeriodicJob(river.PeriodicInterval(6*time.Hour),
				func() (river.JobArgs, *river.InsertOpts) { return housekeepingArgs{}, nil },
				&river.PeriodicJobOpts{RunOnStart: true}),
			// Stuck requests and tomorrow's ports: each reminds the team once.
			river.NewPeriodicJob(river.PeriodicInterval(30*time.Minute),
				func() (river.JobArgs, *river.InsertOpts) { return remindersArgs{}, nil },
				&river.PeriodicJobOpts{RunOnStart: true}),
		},
	}
	if pollOnly {
		cfg.FetchPollInterval = time.Second
	}
	client, err := river.NewClient(driver, cfg)
	if err != nil {
		return nil, err
	}
	return &Runner{start: client.Start, stop: client.Stop}, nil
}
