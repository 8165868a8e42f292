package jobs

import (
	"context"

	"github.com/riverqueue/river"

	"github.com/portdesk/portdesk/desk"
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
