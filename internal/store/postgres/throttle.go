package postgres

import (
	"context"
	"slices"
	"time"

	"github.com/portdesk/portdesk/internal/domain"
)

// ReserveLoginAttempt runs the shared count-and-insert in a transaction of its own.
func (s *Store) ReserveLoginAttempt(ctx context.Context, keys []string, limits []int, since, at time.Time) (ok bool, err error) {
	err = s.InTx(ctx, func(tx domain.Tx) error {
		ok, err = tx.ReserveLoginAttempt(ctx, keys, limits, since, at)
		return err
	})
	return ok, err
}

// ReserveLoginAttempt first takes a transaction-scoped advisory lock per key: under READ
// COMMITTED the count in one statement sees only what committed before it began, so without
// the lock a hundred parallel tries would each count the same few rows and all pass. Keys
// are locked in sorted order so that two tries never wait on each other in a circle, and the
// lock's name includes the schema so that separate deployments in one database do not queue.
func (t *txn) ReserveLoginAttempt(ctx context.Context, keys []string, limits []int, since, at time.Time) (bool, error) {
	sorted := slices.Clone(keys)
	slices.Sort(sorted)
	for _, k := range slices.Compact(sorted) {
		if _, err := t.tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtextextended(current_schema() || ':login:' || $1, 0))`, k); err != nil {
			return false, wrap(err)
		}
	}
	return t.Queries.ReserveLoginAttempt(ctx, keys, limits, since, at)
}
