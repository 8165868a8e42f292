package jobs

import (
	"context"

	"github.com/riverqueue/river"

	"github.com/portdesk/portdesk/internal/app"
	"github.com/portdesk/portdesk/internal/domain"
)

// autoAuthorizeArgs mirrors domain.AutoAuthorizeArgs under the kind the store inserts it with.
type autoAuthorizeArgs domain.AutoAuthorizeArgs

func (autoAuthorizeArgs) Kind() string { return domain.JobAutoAuthorizePortOut }

// autoAuthorizeWorker authorizes an unanswered clean port-out at the account's deadline; a run
// for one answered, failed or locked since does nothing.
type autoAuthorizeWorker struct {
	river.WorkerDefaults[autoAuthorizeArgs]
	app *app.App
}

func (w *autoAuthorizeWorker) Work(ctx context.Context, j *river.Job[autoAuthorizeArgs]) error {
	return snoozeUntilDue(w.app.PortOuts.AutoAuthorize(ctx, domain.AutoAuthorizeArgs(j.Args)))
}
