package jobs

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/riverqueue/river"

	"github.com/portdesk/portdesk/internal/app"
	"github.com/portdesk/portdesk/internal/delivery"
	"github.com/portdesk/portdesk/internal/domain"
)

// worker hands each job of one kind to the use case that does it. A failure is retried on
// River's backoff; every use case here does nothing on a run whose work is already done, so a
// retry or a second replica never does it twice.
type worker[A river.JobArgs] struct {
	river.WorkerDefaults[A]
	do func(context.Context, A) error
}

func (w *worker[A]) Work(ctx context.Context, j *river.Job[A]) error { return w.do(ctx, j.Args) }

// handle registers the use case that works jobs of A's kind.
func handle[A river.JobArgs](ws *river.Workers, do func(context.Context, A) error) {
	river.AddWorker(ws, &worker[A]{do: do})
}

// timed is a job due at a moment by the desk's clock: one that ran early is put off.
func timed[A river.JobArgs](do func(context.Context, A) error) func(context.Context, A) error {
	return func(ctx context.Context, a A) error { return snoozeUntilDue(do(ctx, a)) }
}

// addWorkers gives every kind of job its use case.
func addWorkers(ws *river.Workers, a *app.App, clock domain.Clock) {
	handle(ws, func(ctx context.Context, j domain.StaleDraftArgs) error {
		_, err := a.PortIns.DeleteStaleDraft(ctx, j.PortInID)
		return err
	})
	handle(ws, a.Delivery.DeliverEventEmails)
	river.AddWorker(ws, &webhookWorker{app: a, clock: clock})
	handle(ws, timed(a.PortIns.CompleteAtFOC))
	handle(ws, timed(a.PortIns.EnableSMS))
	handle(ws, timed(a.PortOuts.AutoAuthorize))
	handle(ws, a.Team.SendOrderPackage)
	handle(ws, func(ctx context.Context, j domain.AccessLinkArgs) error { return a.SendAccessLink(ctx, j.LinkID) })
	handle(ws, func(ctx context.Context, j domain.SignatureRequestArgs) error {
		return a.PortIns.SendSignatureRequest(ctx, j.RequestID)
	})
	handle(ws, a.Upstream.Submit)
	handle(ws, a.Upstream.Sync)
	handle(ws, a.Upstream.AutoSend)
	handle(ws, a.Upstream.LookUp)
	handle(ws, a.Upstream.TakeWebhook)
	handle(ws, func(ctx context.Context, _ housekeepingArgs) error { return housekeeping(ctx, a) })
	handle(ws, func(ctx context.Context, _ remindersArgs) error {
		_, err := a.Team.Reminders(ctx)
		return err
	})
	handle(ws, func(ctx context.Context, _ carrierPollArgs) error {
		_, err := a.Upstream.PollDue(ctx)
		return err
	})
}

// housekeepingArgs is the periodic sweep: stale drafts, expired sessions and signature
// links, and the names no request bears.
type housekeepingArgs struct{}

func (housekeepingArgs) Kind() string { return "housekeeping" }

func housekeeping(ctx context.Context, a *app.App) error {
	drafts, err := a.PortIns.SweepStaleDrafts(ctx)
	if err != nil {
		return err
	}
	sessions, err := a.Access.DeleteExpiredSessions(ctx)
	if err != nil {
		return err
	}
	links, err := a.PortIns.SweepExpiredSignatureRequests(ctx)
	if err != nil {
		return err
	}
	// After the drafts: a deleted request's customer is not kept for a search's sake.
	names, err := a.Desk.Store.ForgetNames(ctx)
	if err != nil {
		return fmt.Errorf("forget names: %w", err)
	}
	if drafts > 0 || sessions > 0 || links > 0 || names > 0 {
		a.Desk.Log.Info("housekeeping", "stale_drafts_deleted", drafts, "expired_sessions_deleted", sessions, "signature_links_expired", links,
			"names_forgotten", names)
	}
	return nil
}

// remindersArgs is the periodic look for requests that need the team.
type remindersArgs struct{}

func (remindersArgs) Kind() string { return "desk_reminders" }

// carrierPollArgs is the periodic read of open orders at carriers whose poll has come.
type carrierPollArgs struct{}

func (carrierPollArgs) Kind() string { return "carrier_poll" }

// webhookWorker posts a delivery; a failure is retried on the Standard Webhooks schedule.
type webhookWorker struct {
	river.WorkerDefaults[domain.WebhookArgs]
	app   *app.App
	clock domain.Clock // the runner's: a retry is due by the same clock River runs on
}

func (w *webhookWorker) Work(ctx context.Context, j *river.Job[domain.WebhookArgs]) error {
	return w.app.Delivery.DeliverWebhook(ctx, j.Args.DeliveryID)
}

// NextRetry follows the schedule receivers expect (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h)
// rather than River's own.
func (w *webhookWorker) NextRetry(j *river.Job[domain.WebhookArgs]) time.Time {
	return w.retryAt(j.Attempt)
}

// retryAt is when to try again after failed attempt n, by the runner's clock.
func (w *webhookWorker) retryAt(attempt int) time.Time {
	d, ok := delivery.RetryAfter(attempt)
	if !ok {
		d = 10 * time.Hour
	}
	return w.clock.Now().Add(d)
}

// Timeout: an endpoint gets its own 15 s inside the job's.
func (w *webhookWorker) Timeout(*river.Job[domain.WebhookArgs]) time.Duration {
	return 30 * time.Second
}

// maxSnooze bounds how long a job that ran early waits before it looks again: it runs at its
// time by the database's clock, and the service's clock decides; if that one is set or moved
// meanwhile, the job notices within maxSnooze.
const maxSnooze = 10 * time.Second

// snoozeUntilDue turns "not yet" into a snooze, which River does not count as a failed
// attempt, so a job that was early is never given up on.
func snoozeUntilDue(err error) error {
	var early *domain.NotYetError
	if errors.As(err, &early) {
		return river.JobSnooze(min(max(early.Wait, time.Second), maxSnooze))
	}
	return err
}
