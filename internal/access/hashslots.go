package access

import (
	"context"
	"time"

	"github.com/portdesk/portdesk/internal/domain"
)

// checkPassword runs CheckPassword in one of the process's few slots. A login that finds no
// slot free within HashWait is turned away as busy rather than queued without end: a storm
// of logins then costs waiting goroutines, not 19 MiB each. The wait is real time, not the
// desk's clock: it is how long a request may hang, not a business deadline.
func (s *Service) checkPassword(ctx context.Context, hash, password string) (bool, error) {
	t := time.NewTimer(s.cfg.HashWait)
	defer t.Stop()
	select {
	case s.hashes <- struct{}{}:
	case <-t.C:
		return false, domain.Errorf(domain.ErrUnavailable, "sign-in is busy: try again in a few seconds")
	case <-ctx.Done():
		return false, domain.Errorf(domain.ErrUnavailable, "sign-in is busy: try again in a few seconds")
	}
	defer func() { <-s.hashes }()
	return CheckPassword(hash, password), nil
}
