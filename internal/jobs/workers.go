package jobs

import (
	"context"
	"errors"
	"time"

	"github.com/riverqueue/river"

	"github.com/portdesk/portdesk/internal/app"
	"github.com/portdesk/portdesk/internal/delivery"
	"github.com/portdesk/portdesk/internal/domain"
)

// staleDraftArgs mirrors domain.StaleDraftArgs under the kind the store inserts it with.
type staleDraftArgs domain.StaleDraftArgs

func (staleDraftArgs) Kind() string { return domain.JobDeleteStaleDraft }

type staleDraftWorker struct {
	river.WorkerDefaults[staleDraftArgs]
	app *app.App
}

func (w *staleDraftWorker) Work(ctx context.Context, j *river.Job[staleDraftArgs]) error {
	_, err := w.app.PortIns.DeleteStaleDraft(ctx, j.Args.PortInID)
	return err
}

// housekeepingArgs is the periodic sweep: stale drafts, expired sessions and signature links.
type housekeepingArgs struct{}

func (housekeepingArgs) Kind() string { return "housekeeping" }

type housekeepingWorker struct {
	river.WorkerDefaults[housekeepingArgs]
	app *app.App
}

func (w *housekeepingWorker) Work(ctx context.Context, _ *river.Job[housekeepingArgs]) error {
	drafts, err := w.app.PortIns.SweepStaleDrafts(ctx)
	if err != nil {
		return err
	}
	sessions, err := w.app.Access.DeleteExpiredSessions(ctx)
	if err != nil {
		return err
	}
	links, err := w.app.PortIns.SweepExpiredSignatureRequests(ctx)
	if err != nil {
		return err
	}
	if drafts > 0 || sessions > 0 || links > 0 {
		w.app.Desk.Log.Info("housekeeping", "stale_drafts_deleted", drafts, "expired_sessions_deleted", sessions, "signature_links_expired", links)
	}
	return nil
}

// eventEmailArgs mirrors domain.EventEmailArgs under the kind the store inserts it with.
type eventEmailArgs domain.EventEmailArgs

func (eventEmailArgs) Kind() string { return domain.JobSendEventEmail }

// eventEmailWorker sends an event's emails. A failed send returns an error, and River
// retries with its exponential backoff; the deliveries already made are not repeated.
type eventEmailWorker struct {
	river.WorkerDefaults[eventEmailArgs]
	app *app.App
}

func (w *eventEmailWorker) Work(ctx context.Context, j *river.Job[eventEmailArgs]) error {
	return w.app.Delivery.DeliverEventEmails(ctx, domain.EventEmailArgs(j.Args))
}

// webhookArgs mirrors domain.WebhookArgs under the kind the store inserts it with.
type webhookArgs domain.WebhookArgs

func (webhookArgs) Kind() string { return domain.JobDeliverWebhook }

// webhookWorker posts a delivery; a failure is retried on the Standard Webhooks schedule.
type webhookWorker struct {
	river.WorkerDefaults[webhookArgs]
	app   *app.App
	clock domain.Clock // the runner's: a retry is due by the same clock River runs on
}

func (w *webhookWorker) Work(ctx context.Context, j *river.Job[webhookArgs]) error {
	return w.app.Delivery.DeliverWebhook(ctx, j.Args.DeliveryID)
}

// NextRetry follows the schedule receivers expect (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h)
// rather than River's own.
func (w *webhookWorker) NextRetry(j *river.Job[webhookArgs]) time.Time { return w.retryAt(j.Attempt) }

// retryAt is when to try again after failed attempt n, by the runner's clock.
func (w *webhookWorker) retryAt(attempt int) time.Time {
	d, ok := delivery.RetryAfter(attempt)
	if !ok {
		d = 10 * time.Hour
	}
	return w.clock.Now().Add(d)
}

// Timeout: an endpoint gets its own 15 s inside the job's.
func (w *webhookWorker) Timeout(*river.Job[webhookArgs]) time.Duration { return 30 * time.Second }

// completeAtFOCArgs mirrors domain.CompleteAtFOCArgs under the kind the store inserts it with.
type completeAtFOCArgs domain.CompleteAtFOCArgs

func (completeAtFOCArgs) Kind() string { return domain.JobCompleteAtFOC }

// completeAtFOCWorker completes a port at its FOC; a run for a moved or finished port does
// nothing, so a retry or a second replica never activates twice.
type completeAtFOCWorker struct {
	river.WorkerDefaults[completeAtFOCArgs]
	app *app.App
}

func (w *completeAtFOCWorker) Work(ctx context.Context, j *river.Job[completeAtFOCArgs]) error {
	return snoozeUntilDue(w.app.PortIns.CompleteAtFOC(ctx, domain.CompleteAtFOCArgs(j.Args)))
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

// enableSMSArgs mirrors domain.EnableSMSArgs.
type enableSMSArgs domain.EnableSMSArgs

func (enableSMSArgs) Kind() string { return domain.JobEnableSMS }

type enableSMSWorker struct {
	river.WorkerDefaults[enableSMSArgs]
	app *app.App
}

func (w *enableSMSWorker) Work(ctx context.Context, j *river.Job[enableSMSArgs]) error {
	return snoozeUntilDue(w.app.PortIns.EnableSMS(ctx, domain.EnableSMSArgs(j.Args)))
}

// sendToCarrierArgs mirrors domain.SendToCarrierArgs.
type sendToCarrierArgs domain.SendToCarrierArgs

func (sendToCarrierArgs) Kind() string { return domain.JobSendToCarrier }

// sendToCarrierWorker emails the order package; a failure is retried with River's backoff.
type sendToCarrierWorker struct {
	river.WorkerDefaults[sendToCarrierArgs]
	app *app.App
}

func (w *sendToCarrierWorker) Work(ctx context.Context, j *river.Job[sendToCarrierArgs]) error {
	return w.app.Team.SendOrderPackage(ctx, domain.SendToCarrierArgs(j.Args))
}

// remindersArgs is the periodic look for requests that need the team.
type remindersArgs struct{}

func (remindersArgs) Kind() string { return "desk_reminders" }

type remindersWorker struct {
	river.WorkerDefaults[remindersArgs]
	app *app.App
}

func (w *remindersWorker) Work(ctx context.Context, _ *river.Job[remindersArgs]) error {
	_, err := w.app.Team.Reminders(ctx)
	return err
}

// accessLinkArgs mirrors domain.AccessLinkArgs.
type accessLinkArgs domain.AccessLinkArgs

func (accessLinkArgs) Kind() string { return domain.JobSendAccessLink }

// accessLinkWorker emails an invitation or a password reset; a failure is retried with
// River's backoff, each try with a new token (only the last one emailed works).
type accessLinkWorker struct {
	river.WorkerDefaults[accessLinkArgs]
	app *app.App
}

func (w *accessLinkWorker) Work(ctx context.Context, j *river.Job[accessLinkArgs]) error {
	return w.app.SendAccessLink(ctx, j.Args.LinkID)
}

// signatureRequestArgs mirrors domain.SignatureRequestArgs.
type signatureRequestArgs domain.SignatureRequestArgs

func (signatureRequestArgs) Kind() string { return domain.JobSendSignatureRequest }

// signatureRequestWorker emails a letter's signature link; a failure is retried with River's
// backoff, each try with a new token (only the last one emailed works).
type signatureRequestWorker struct {
	river.WorkerDefaults[signatureRequestArgs]
	app *app.App
}

func (w *signatureRequestWorker) Work(ctx context.Context, j *river.Job[signatureRequestArgs]) error {
	return w.app.PortIns.SendSignatureRequest(ctx, j.Args.RequestID)
}

// carrierSubmitArgs mirrors domain.CarrierSubmitArgs under the kind the store inserts it with.
type carrierSubmitArgs domain.CarrierSubmitArgs

func (carrierSubmitArgs) Kind() string { return domain.JobCarrierSubmit }

// carrierSubmitWorker makes and submits the carrier's order; a failure (the carrier down, a
// 429) is retried on River's backoff, and a retry finds the order made before.
type carrierSubmitWorker struct {
	river.WorkerDefaults[carrierSubmitArgs]
	app *app.App
}

func (w *carrierSubmitWorker) Work(ctx context.Context, j *river.Job[carrierSubmitArgs]) error {
	return w.app.Upstream.Submit(ctx, domain.CarrierSubmitArgs(j.Args))
}

// carrierSyncArgs mirrors domain.CarrierSyncArgs under the kind the store inserts it with.
type carrierSyncArgs domain.CarrierSyncArgs

func (carrierSyncArgs) Kind() string { return domain.JobCarrierSync }

type carrierSyncWorker struct {
	river.WorkerDefaults[carrierSyncArgs]
	app *app.App
}

func (w *carrierSyncWorker) Work(ctx context.Context, j *river.Job[carrierSyncArgs]) error {
	return w.app.Upstream.Sync(ctx, domain.CarrierSyncArgs(j.Args))
}

// carrierPollArgs is the periodic read of open orders at carriers whose poll has come.
type carrierPollArgs struct{}

func (carrierPollArgs) Kind() string { return "carrier_poll" }

type carrierPollWorker struct {
	river.WorkerDefaults[carrierPollArgs]
	app *app.App
}

func (w *carrierPollWorker) Work(ctx context.Context, _ *river.Job[carrierPollArgs]) error {
	_, err := w.app.Upstream.PollDue(ctx)
	return err
}

// carrierAutoArgs mirrors domain.CarrierAutoArgs under the kind the store inserts it with.
type carrierAutoArgs domain.CarrierAutoArgs

func (carrierAutoArgs) Kind() string { return domain.JobCarrierAuto }

type carrierAutoWorker struct {
	river.WorkerDefaults[carrierAutoArgs]
	app *app.App
}

func (w *carrierAutoWorker) Work(ctx context.Context, j *river.Job[carrierAutoArgs]) error {
	return w.app.Upstream.AutoSend(ctx, domain.CarrierAutoArgs(j.Args))
}

// carrierLookupArgs mirrors domain.CarrierLookupArgs under the kind the store inserts it with.
type carrierLookupArgs domain.CarrierLookupArgs

func (carrierLookupArgs) Kind() string { return domain.JobCarrierLookup }

// carrierLookupWorker asks the carrier about numbers; a failure (the carrier down, a 429) is
// retried on River's backoff, the checks going by the registers meanwhile.
type carrierLookupWorker struct {
	river.WorkerDefaults[carrierLookupArgs]
	app *app.App
}

func (w *carrierLookupWorker) Work(ctx context.Context, j *river.Job[carrierLookupArgs]) error {
	return w.app.Upstream.LookUp(ctx, domain.CarrierLookupArgs(j.Args))
}

// carrierWebhookArgs mirrors domain.CarrierWebhookArgs under the kind the store inserts it with.
type carrierWebhookArgs domain.CarrierWebhookArgs

func (carrierWebhookArgs) Kind() string { return domain.JobCarrierWebhook }

// carrierWebhookWorker reads the order a carrier's webhook named and moves our request; a
// failure (the carrier down) is retried on River's backoff, polling covering it meanwhile.
type carrierWebhookWorker struct {
	river.WorkerDefaults[carrierWebhookArgs]
	app *app.App
}

func (w *carrierWebhookWorker) Work(ctx context.Context, j *river.Job[carrierWebhookArgs]) error {
	return w.app.Upstream.TakeWebhook(ctx, domain.CarrierWebhookArgs(j.Args))
}
