package portout

import (
	"context"
	"fmt"
	"time"

	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/leadtime"
)

// autoAuthorizeDue is when a port-out that arrived at from is authorized without an answer:
// days business days later in the account's country. Whole seconds, so that the stored time
// and the job's argument compare equal.
func autoAuthorizeDue(country domain.Country, from time.Time, days int) time.Time {
	return leadtime.AddBusinessDays(string(country), from, days).UTC().Truncate(time.Second)
}

func enqueueAutoAuthorization(ctx context.Context, tx domain.Tx, p domain.PortOut) error {
	return tx.EnqueueJob(ctx, domain.Job{Kind: domain.JobAutoAuthorizePortOut, Args: domain.AutoAuthorizeArgs{PortOutID: p.ID, Due: *p.AutoAuthorizeAt},
		ScheduledAt: *p.AutoAuthorizeAt})
}

// retimeAutoAuthorization follows a change of the account's setting on the port-outs already
// waiting for it: each is due the new number of business days after it arrived, or never
// when the admins turned it off. The job scheduled before finds a due that is not its own and
// does nothing. A port-out that arrived while it was off (or with a failed check) has no
// timer and gets none: the admins did not promise that gaining provider an answer by silence.
func (s *Service) retimeAutoAuthorization(ctx context.Context, tx domain.Tx, acc domain.Account, days int) error {
	waiting, err := tx.ListPortOuts(ctx, domain.PortOutFilter{AccountIDs: []int64{acc.ID}, Statuses: []domain.PortOutStatus{domain.PortOutPending}, Limit: 10_000})
	if err != nil {
		return err
	}
	for _, sum := range waiting {
		p := sum.PortOut
		if p.AutoAuthorizeAt == nil {
			continue
		}
		p.AutoAuthorizeAt = nil
		if days > 0 {
			due := autoAuthorizeDue(acc.Country, p.CreatedAt, days)
			p.AutoAuthorizeAt = &due
		}
		p.UpdatedAt = s.desk.Now()
		if err := retime(ctx, tx, p); err != nil {
			return fmt.Errorf("retime the auto-authorization of port-out %d: %w", p.ID, err)
		}
	}
	return nil
}

// retime stores a port-out's new auto-authorization time, and its job if it has one.
func retime(ctx context.Context, tx domain.Tx, p domain.PortOut) error {
	if err := tx.UpdatePortOut(ctx, &p); err != nil {
		return err
	}
	if p.AutoAuthorizeAt == nil {
		return nil
	}
	return enqueueAutoAuthorization(ctx, tx, p)
}

// AutoAuthorize authorizes a pending port-out nobody answered within the account's
// business days. It never authorizes one with a failed check, nothing proved or a lock, nor one answered,
// moved or switched off meanwhile; before its time by the service's clock it waits.
func (s *Service) AutoAuthorize(ctx context.Context, args domain.AutoAuthorizeArgs) (err error) {
	return s.frame.Job(ctx, "auto-authorization", args.PortOutID, func(tx domain.Tx, p *domain.PortOut) error {
		if s.desk.Now().Before(args.Due) {
			return s.desk.NotYet("port-out auto-authorization", args.Due)
		}
		if p.Status != domain.PortOutPending || p.AutoAuthorizeAt == nil || !p.AutoAuthorizeAt.Equal(args.Due) || !p.MayAutoAuthorize() {
			return nil
		}
		pr, err := tx.PortOutProtection(ctx, p.AccountID)
		if err != nil {
			return err
		}
		if pr.AutoAuthorizeDays == 0 {
			return nil // the admins turned it off since: the team answers
		}
		if locked, err := lockedNow(ctx, tx, *p); err != nil || locked {
			return err
		}
		return s.move(ctx, tx, desk.System(), p, domain.PortOutAuthorized,
			fmt.Sprintf("Authorized automatically: no answer within the account's %s.", domain.Plural(pr.AutoAuthorizeDays, "business day")), "")
	})
}
