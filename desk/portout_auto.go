package desk

import (
	"context"
	"fmt"

	"github.com/portdesk/portdesk/domain"
)

// AutoAuthorizePortOut authorizes a pending port-out nobody answered within the account's
// business days. It never authorizes one with a failed check or a lock, nor one answered,
// moved or switched off meanwhile; before its time by the service's clock it waits.
func (s *Service) AutoAuthorizePortOut(ctx context.Context, args AutoAuthorizeArgs) error {
	if s.now().Before(args.Due) {
		return s.notYet("port-out auto-authorization", args.Due)
	}
	return s.store.InTx(ctx, func(tx domain.Tx) error {
		p, err := tx.PortOut(ctx, args.PortOutID)
		if domain.IsCode(err, domain.ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		if p.Status != domain.PortOutPending || p.AutoAuthorizeAt == nil || !p.AutoAuthorizeAt.Equal(args.Due) || p.Failed() {
			return nil
		}
		pr, err := tx.PortOutProtection(ctx, p.AccountID)
		if err != nil {
			return err
		}
		if pr.AutoAuthorizeDays == 0 {
			return nil // the admins turned it off since: the team answers
		}
		if locked, err := lockedNow(ctx, tx, p); err != nil || locked {
			return err
		}
		return s.movePortOut(ctx, tx, systemAdmin, &p, domain.PortOutAuthorized,
			fmt.Sprintf("Authorized automatically: no answer within the account's %s.", plural(pr.AutoAuthorizeDays, "business day")), "")
	})
}
