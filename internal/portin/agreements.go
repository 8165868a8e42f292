package portin

import (
	"context"
	"sync"

	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/portability"
)

// keptAgreements is the porting agreements as the checker reads them, compiled once per
// version of the table: every GET of an editable request checks its numbers against them,
// and reading and compiling them each time took a fifth of such a GET. One version is kept,
// the newest seen.
type keptAgreements struct {
	mu      sync.Mutex
	version int64
	index   *portability.Agreements
}

// agreements is the agreements at the version q reads now. The version is read before the
// rows, so rows newer than their version can only be kept until the next reader, never
// rows older than theirs.
func (s *Service) agreements(ctx context.Context, q domain.Queries) (*portability.Agreements, error) {
	v, err := q.PortingAgreementsVersion(ctx)
	if err != nil {
		return nil, err
	}
	k := &s.keptAgreements
	k.mu.Lock()
	if k.index != nil && k.version == v {
		defer k.mu.Unlock()
		return k.index, nil
	}
	k.mu.Unlock()
	rows, err := q.PortingAgreements(ctx)
	if err != nil {
		return nil, err
	}
	index := portability.NewAgreements(rows)
	if _, inTx := q.(domain.Tx); inTx {
		// A transaction may read a version of its own that never commits: not kept.
		return index, nil
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	if v >= k.version {
		k.version, k.index = v, index
	}
	return index, nil
}
