package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"strings"

	"modernc.org/sqlite"
)

// newDriver is the driver the store's connections open with: SQLite's own lower() folds
// the ASCII letters alone, so a customer named "Énergie Ørsted" was kept as "Énergie Ørsted"
// in the names' index while a search for it, lower-cased in Go, looked for "énergie ørsted"
// and found nothing (PostgreSQL, in a UTF-8 locale, folds every letter). Every lower() in
// the store (the names' indexes and table, the accounts' and carriers' unique names) now
// folds as strings.ToLower does; migration 0038 computed the indexes afresh with it. A
// driver of its own: only the store's handles (River shares the writer) open with it.
func newDriver() *sqlite.Driver {
	d := &sqlite.Driver{}
	d.MustRegisterDeterministicScalarFunction("lower", 1, lower)
	return d
}

// lower is SQL's lower() folding every letter: text is lower-cased, NULL stays NULL and
// anything else is returned as it is (the store lowers text only).
func lower(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	switch v := args[0].(type) {
	case string:
		return strings.ToLower(v), nil
	case []byte:
		return strings.ToLower(string(v)), nil
	default:
		return v, nil
	}
}

// connector opens d's connections to one database; keep: each a keepingConn (the writer's).
type connector struct {
	d    *sqlite.Driver
	dsn  string
	keep bool
}

func (c connector) Connect(context.Context) (driver.Conn, error) {
	conn, err := c.d.Open(c.dsn)
	if err != nil || !c.keep {
		return conn, err
	}
	return newKeepingConn(conn), nil
}

func (c connector) Driver() driver.Driver { return c.d }

// openDB opens a handle whose connections fold with d.
func openDB(d *sqlite.Driver, dsn string) *sql.DB { return sql.OpenDB(connector{d: d, dsn: dsn}) }

// openWriter is openDB whose connections keep the statements they are sent (keepingConn).
func openWriter(d *sqlite.Driver, dsn string) *sql.DB {
	return sql.OpenDB(connector{d: d, dsn: dsn, keep: true})
}
