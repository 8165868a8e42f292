package sqlite

import (
	"database/sql"
	"errors"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/portdesk/portdesk/internal/store/sqlstore"
)

// wrap is the one place SQLite's errors become domain errors.
func wrap(err error) error { return sqlstore.MapError(err, classify) }

func classify(err error) sqlstore.DriverError {
	if errors.Is(err, sql.ErrNoRows) {
		return sqlstore.DriverNoRows
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return sqlstore.DriverUnique
		case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
			return sqlstore.DriverForeignKey
		}
		// Still locked when the busy timeout ran out: the work was refused, not wrong.
		if c := se.Code() & 0xff; c == sqlite3.SQLITE_BUSY || c == sqlite3.SQLITE_LOCKED {
			return sqlstore.DriverUnavailable
		}
	}
	return sqlstore.DriverOther
}
