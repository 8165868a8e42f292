package desk

import (
	"context"

	"github.com/portdesk/portdesk/internal/domain"
)

// charge adds a charge to the ledger in the change's transaction, once for its ChargeKey
// however often the change runs (a retried job, a second replica); added says whether this
// run made it.
func (s *Service) charge(ctx context.Context, tx domain.Tx, a domain.Actor, e domain.LedgerEntry) (added bool, err error) {
	e.CreatedBy, e.ActorName, e.CreatedAt = a.UserID, actorName(a), s.now()
	return tx.AddLedgerEntry(ctx, &e)
}
