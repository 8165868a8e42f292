package postgres

import (
	"context"
	"errors"
	"io"
	"net"
	"strings"

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
	if connectionLost(err) {
		return sqlstore.DriverUnavailable
	}
	return sqlstore.DriverOther
}

// connectionLost says whether err is the connection (or the server) going away rather than
// the statement failing: the server ending the session (administrator command, crash,
// restart), a connection exception, the socket closing, or a statement that was never
// sent. A transaction it hit is rolled back; a read may be run again on a new connection.
func connectionLost(err error) bool {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false // the caller gave up: nothing was lost
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return strings.HasPrefix(pe.Code, "08") || // connection_exception
			pe.Code == "57P01" || pe.Code == "57P02" || pe.Code == "57P03" // admin_shutdown, crash_shutdown, cannot_connect_now
	}
	var ce *pgconn.ConnectError
	var ne net.Error
	return pgconn.SafeToRetry(err) || errors.As(err, &ce) || errors.As(err, &ne) ||
		errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, net.ErrClosed)
}
