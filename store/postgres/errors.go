package postgres

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/portdesk/portdesk/domain"
)

// wrap is the one place PostgreSQL's errors become domain errors.
func wrap(err error) error {
	if err == nil {
		return nil
	}
	var de *domain.Error
	switch {
	case errors.As(err, &de):
		return err
	case errors.Is(err, pgx.ErrNoRows):
		return domain.ErrNoRows
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return err
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "23505": // unique_violation
			return &domain.Error{Code: domain.ErrConflict, Message: "already exists", Err: err}
		case "23503": // foreign_key_violation
			return &domain.Error{Code: domain.ErrNotFound, Message: "a referenced record does not exist", Err: err}
		case "40001", "40P01": // serialization failure, deadlock: the caller may retry
			return &domain.Error{Code: domain.ErrConflict, Message: "a concurrent change got in the way: try again", Err: err}
		}
	}
	return domain.Internal(err)
}
