package postgres

import (
	"errors"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/portdesk/portdesk/internal/store/sqlstore"
)

// wrap is the one place PostgreSQL's errors become domain errors.
func wrap(err error) error { return sqlstore.MapError(err, classify) }

func classify(err error) sqlstore.DriverError {
	if errors.Is(err, pgx.ErrNoRows) {
		return sqlstore.DriverNoRows
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "23505": // unique_violation
			return sqlstore.DriverUnique
		case "23503": // foreign_key_violation
			return sqlstore.DriverForeignKey
		case "40001", "40P01": // serialization_failure, deadlock_detected
			return sqlstore.DriverRetry
		case "22021", "22P05": // character_not_in_repertoire (a NUL), untranslatable_character
			return sqlstore.DriverBadText
		}
	}
	return sqlstore.DriverOther
}
