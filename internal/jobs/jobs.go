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
	"github.com/riverqueue/river/rivertype"

	"github.com/portdesk/portdesk/internal/app"
	"github.com/portdesk/portdesk/internal/domain"
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
	// Clock is the time the jobs keep: River's now (whether a job is due, when it was
	// attempted, what to rescue) and every retry schedule (the webhooks', and River's backoff
	// for the rest). Nil is the wall clock, with River asking the database for the time as it
	// does by default. A test passes the desk's clock, so that moving it makes a scheduled job
	// or a retry due at once.
	//
	// Still on the wall clock: River v0.31.0 puts a snoozed job off from time.Now; a job the
	// store inserts to run at once is stamped with the database's time, so it is due only once
	// Clock has passed that; and River's intervals (polling, its scheduler's 5 s, periodic
	// jobs) pass in real time.
	Clock domain.Clock
	// PollInterval is how often River looks for jobs that have become due; zero keeps River's
	// second. Moving Clock sends River no signal, so a test that moves it polls faster.
	PollInterval time.Duration
	// CarrierPollEvery is how often to look for orders at carriers due a poll; zero is a
	// minute. A test sets it shorter, as River's periodic jobs pass in real time.
	CarrierPollEvery time.Duration
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
	var clock domain.Clock = domain.SystemClock{}
	if opts.Clock != nil {
		clock = opts.Clock
	}
	workers := river.NewWorkers()
	addWorkers(workers, a, clock)
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
				func() (river.JobArgs, *river.InsertOpts) { return housekeepingArgs{}, oneAtATime() },
				&river.PeriodicJobOpts{RunOnStart: true}),
			// Stuck requests and tomorrow's ports: each reminds the team once.
			river.NewPeriodicJob(river.PeriodicInterval(30*time.Minute),
				func() (river.JobArgs, *river.InsertOpts) { return remindersArgs{}, oneAtATime() },
				&river.PeriodicJobOpts{RunOnStart: true}),
			// Orders at API carriers: each open one is read on its own backoff when its
			// webhooks do not come; this only looks for those due.
			river.NewPeriodicJob(river.PeriodicInterval(cmp.Or(opts.CarrierPollEvery, time.Minute)),
				func() (river.JobArgs, *river.InsertOpts) { return carrierPollArgs{}, oneAtATime() },
				&river.PeriodicJobOpts{RunOnStart: true}),
		},
	}
	if pollOnly {
		cfg.FetchPollInterval = time.Second
	}
	if opts.PollInterval > 0 {
		cfg.FetchPollInterval = opts.PollInterval
		cfg.FetchCooldown = min(opts.PollInterval, river.FetchCooldownDefault)
	}
	if opts.Clock != nil {
		cfg.Test.Time = riverTime{opts.Clock}
		cfg.RetryPolicy = clockRetryPolicy{opts.Clock}
	}
	client, err := river.NewClient(driver, cfg)
	if err != nil {
		return nil, err
	}
	return &Runner{start: client.Start, stop: client.Stop}, nil
}

// oneAtATime inserts a periodic job only when none of its kind is waiting or running: each
// run does all that is due, so a second behind it would only repeat it. Without it the jobs
// piled up whenever the worker fell behind the interval (a slow carrier; in tests a clock
// moved faster than the wall's, which queued 100,000 polls ahead of a request's retry).
func oneAtATime() *river.InsertOpts {
	return &river.InsertOpts{UniqueOpts: river.UniqueOpts{ByState: []rivertype.JobState{
		rivertype.JobStateAvailable, rivertype.JobStatePending, rivertype.JobStateRetryable,
		rivertype.JobStateRunning, rivertype.JobStateScheduled}}}
}

// riverTime is River's time generator on a clock. River's TestConfig.Time is the one hook
// River has for its idea of now; it is set only when a Clock is given.
type riverTime struct{ clock domain.Clock }

func (r riverTime) NowUTC() time.Time { return r.clock.Now().UTC() }

// NowUTCOrNil is never nil: River then passes this time to its queries instead of the
// database's now().
func (r riverTime) NowUTCOrNil() *time.Time {
	now := r.NowUTC()
	return &now
}

// clockRetryPolicy is River's default backoff (attempt⁴ seconds, with jitter) counted from the
// clock: River v0.31.0's own policy counts from time.Now whatever its TestConfig.Time, so a
// failed job would be due again at once on a clock ahead of the wall's.
type clockRetryPolicy struct{ clock domain.Clock }

func (p clockRetryPolicy) NextRetry(j *rivertype.JobRow) time.Time {
	wall := time.Now()
	wait := (&river.DefaultClientRetryPolicy{}).NextRetry(j).Sub(wall)
	return p.clock.Now().Add(wait)
}
