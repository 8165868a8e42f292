package billing

import (
	"context"

	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/domain"
)

// Charge adds a charge to the ledger in the change's transaction, once for its ChargeKey
// however often the change runs (a retried job, a second replica); added says whether this
// run made it.
func (s *Service) Charge(ctx context.Context, tx domain.Tx, a domain.Actor, e domain.LedgerEntry) (added bool, err error) {
	defer desk.Wrap(&err, "charge account %d (%s)", e.AccountID, e.Kind)
	return s.charge(ctx, tx, a, e)
}

// charge is Charge, for the charges that name themselves.
func (s *Service) charge(ctx context.Context, tx domain.Tx, a domain.Actor, e domain.LedgerEntry) (bool, error) {
	e.CreatedBy, e.ActorName, e.CreatedAt = a.UserID, desk.ActorName(a), s.desk.Now()
	return tx.AddLedgerEntry(ctx, &e)
}
