package sqlite

import (
	"context"
	"time"

	"github.com/portdesk/portdesk/internal/domain"
)

// ReserveLoginAttempt runs the shared count-and-insert in a transaction of its own: it
// begins IMMEDIATE, taking SQLite's one write lock before counting, so that even another
// process on the same file cannot count between our count and our insert.
func (s *Store) ReserveLoginAttempt(ctx context.Context, keys []string, limits []int, since, at time.Time) (ok bool, err error) {
	err = s.InTx(ctx, func(tx domain.Tx) error {
		ok, err = tx.ReserveLoginAttempt(ctx, keys, limits, since, at)
		return err
	})
	return ok, err
}
