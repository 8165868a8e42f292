package jobs

import (
	"context"
	"errors"
	"time"

	"github.com/riverqueue/river"

	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/webhooks"
)

// staleDraftArgs mirrors desk.StaleDraftArgs under the kind the store inserts it with.
type staleDraftArgs desk.StaleDraftArgs

func (staleDraftArgs) Kind() string { return desk.JobDeleteStaleDraft }

type staleDraftWorker struct {
	river.WorkerDefaults[staleDraftArgs]
	svc *desk.Service
}

func (w *staleDraftWorker) Work(ctx context.Context, j *river.Job[staleDraftArgs]) error {
	_, err := w.svc.DeleteStaleDraft(ctx, j.Args.PortInID)
	return err
}

// housekeepingArgs is the periodic sweep: stale drafts and expired sessions.
type housekeepingArgs struct{}

func (housekeepingArgs) Kind() string { return "housekeeping" }

type housekeepingWorker struct {
	river.WorkerDefaults[housekeepingArgs]
	svc *desk.Service
}

func (w *housekeepingWorker) Work(ctx context.Context, _ *river.Job[housekeepingArgs]) error {
	return w.svc.Housekeeping(ctx)
}

// eventEmailArgs mirrors desk.EventEmailArgs under the kind the store inserts it with.
type eventEmailArgs desk.EventEmailArgs

func (eventEmailArgs) Kind() string { return desk.JobSendEventEmail }

// eventEmailWorker sends an event's emails. A failed send returns an error, and River
// retries with its exponential backoff; the deliveries already made are not repeated.
type eventEmailWorker struct {
	river.WorkerDefaults[eventEmailArgs]
	svc *desk.Service
}

func (w *eventEmailWorker) Work(ctx context.Context, j *river.Job[eventEmailArgs]) error {
	return w.svc.DeliverEventEmails(ctx, desk.EventEmailArgs(j.Args))
}

// webhookArgs mirrors desk.WebhookArgs under the kind the store inserts it with.
type webhookArgs desk.WebhookArgs

func (webhookArgs) Kind() string { return desk.JobDeliverWebhook }

// webhookWorker posts a delivery; a failure is retried on the Standard Webhooks schedule.
type webhookWorker struct {
	river.WorkerDefaults[webhookArgs]
	svc *desk.Service
}

func (w *webhookWorker) Work(ctx context.Context, j *river.Job[webhookArgs]) error {
	return w.svc.DeliverWebhook(ctx, j.Args.DeliveryID)
}

// NextRetry follows the schedule receivers expect (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h)
// rather than River's own.
func (w *webhookWorker) NextRetry(j *river.Job[webhookArgs]) time.Time {
	d, ok := webhooks.NextAttempt(j.Attempt)
	if !ok {
		d = 10 * time.Hour
	}
	return time.Now().Add(d)
}

// Timeout: an endpoint gets its own 15 s inside the job's.
func (w *webhookWorker) Timeout(*river.Job[webhookArgs]) time.Duration { return 30 * time.Second }

// completeAtFOCArgs mirrors desk.CompleteAtFOCArgs under the kind the store inserts it with.
type completeAtFOCArgs desk.CompleteAtFOCArgs

func (completeAtFOCArgs) Kind() string { return desk.JobCompleteAtFOC }

// completeAtFOCWorker completes a port at its FOC; a run for a moved or finished port does
// nothing, so a retry or a second replica never activates twice.
type completeAtFOCWorker struct {
	river.WorkerDefaults[completeAtFOCArgs]
	svc *desk.Service
}

func (w *completeAtFOCWorker) Work(ctx context.Context, j *river.Job[completeAtFOCArgs]) error {
	return snoozeUntilDue(w.svc.CompleteAtFOC(ctx, desk.CompleteAtFOCArgs(j.Args)))
}

// maxSnooze bounds how long a job that ran early waits before it looks again: it runs at its
// time by the database's clock, and the service's clock decides; if that one is set or moved
// meanwhile, the job notices within maxSnooze.
const maxSnooze = 10 * time.Second

// snoozeUntilDue turns "not yet" into a snooze, which River does not count as a failed
// attempt, so a job that was early is never given up on.
func snoozeUntilDue(err error) error {
	var early *desk.NotYetError
	if errors.As(err, &early) {
		return river.JobSnooze(min(max(early.Wait, time.Second), maxSnooze))
	}
	return err
}

// enableSMSArgs mirrors desk.EnableSMSArgs.
type enableSMSArgs desk.EnableSMSArgs

func (enableSMSArgs) Kind() string { return desk.JobEnableSMS }

type enableSMSWorker struct {
	river.WorkerDefaults[enableSMSArgs]
	svc *desk.Service
}

func (w *enableSMSWorker) Work(ctx context.Context, j *river.Job[enableSMSArgs]) error {
	return snoozeUntilDue(w.svc.EnableSMS(ctx, desk.EnableSMSArgs(j.Args)))
}

// sendToCarrierArgs mirrors desk.SendToCarrierArgs.
type sendToCarrierArgs desk.SendToCarrierArgs

func (sendToCarrierArgs) Kind() string { return desk.JobSendToCarrier }

// sendToCarrierWorker emails the order package; a failure is retried with River's backoff.
type sendToCarrierWorker struct {
	river.WorkerDefaults[sendToCarrierArgs]
	svc *desk.Service
}

func (w *sendToCarrierWorker) Work(ctx context.Context, j *river.Job[sendToCarrierArgs]) error {
	return w.svc.SendOrderPackage(ctx, desk.SendToCarrierArgs(j.Args))
}

// remindersArgs is the periodic look for requests that need the team.
type remindersArgs struct{}

func (remindersArgs) Kind() string { return "desk_reminders" }

type remindersWorker struct {
	river.WorkerDefaults[remindersArgs]
	svc *desk.Service
}

func (w *remindersWorker) Work(ctx context.Context, _ *river.Job[remindersArgs]) error {
	_, err := w.svc.Reminders(ctx)
	return err
}
