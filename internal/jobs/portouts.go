package jobs

import (
	"context"

	"github.com/riverqueue/river"

	"github.com/portdesk/portdesk/internal/desk"
)

// autoAuthorizeArgs mirrors desk.AutoAuthorizeArgs under the kind the store inserts it with.
type autoAuthorizeArgs desk.AutoAuthorizeArgs

func (autoAuthorizeArgs) Kind() string { return desk.JobAutoAuthorizePortOut }

// autoAuthorizeWorker authorizes an unanswered clean port-out at the account's deadline; a run
// for one answered, failed or locked since does nothing.
type autoAuthorizeWorker struct {
	river.WorkerDefaults[autoAuthorizeArgs]
	svc *desk.Service
}

func (w *autoAuthorizeWorker) Work(ctx context.Context, j *river.Job[autoAuthorizeArgs]) error {
	return snoozeUntilDue(w.svc.AutoAuthorizePortOut(ctx, desk.AutoAuthorizeArgs(j.Args)))
}
