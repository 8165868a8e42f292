package sqlstore

import (
	"context"
	"errors"

	"github.com/portdesk/portdesk/internal/domain"
)

// DriverError is what an engine recognises in one of its driver's errors.
type DriverError int

const (
	DriverOther      DriverError = iota
	DriverNoRows                 // the query found no row
	DriverUnique                 // a unique constraint refused the write
	DriverForeignKey             // a referenced row does not exist
	DriverRetry                  // serialisation failure or deadlock: the caller may retry
	// DriverUnavailable: the connection was lost or the database would not take the work
	// (shut down, restarting, busy): whatever the transaction did is rolled back.
	DriverUnavailable
	DriverBadText // text the engine cannot hold (PostgreSQL: a NUL)
)

// MapError is how every engine's errors become domain errors; classify is the engine's
// knowledge of its own driver, and the only part that differs.
func MapError(err error, classify func(error) DriverError) error {
	if err == nil {
		return nil
	}
	var de *domain.Error
	if errors.As(err, &de) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	switch classify(err) {
	case DriverNoRows:
		return domain.ErrNoRows
	case DriverUnique:
		return &domain.Error{Code: domain.ErrConflict, Message: "already exists", Err: err}
	case DriverForeignKey:
		return &domain.Error{Code: domain.ErrNotFound, Message: "a referenced record does not exist", Err: err}
	case DriverRetry:
		return &domain.Error{Code: domain.ErrConflict, Message: "a concurrent change got in the way: try again", Err: err}
	case DriverUnavailable:
		return &domain.Error{Code: domain.ErrUnavailable, Message: "the database is unavailable for a moment; nothing was changed: try again shortly", Err: err}
	case DriverBadText:
		// The use cases refuse such text on its field first; this is the net under them, so
		// a path that missed the rule is a 422, not a 500.
		return &domain.Error{Code: domain.ErrInvalid, Message: "the text holds a NUL or a character that cannot be stored", Err: err}
	}
	return domain.Internal(err)
}
