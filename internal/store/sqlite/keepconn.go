package sqlite

import (
	"context"
	"database/sql/driver"
	"errors"
	"strings"
)

// keepingConn is a connection of the writer that keeps prepared the statements it is sent
// unprepared, by their SQL: River's chiefly (its SQLite driver prepares none, and modernc
// parses each afresh: inserting a new draft's expiry job was half of its time on the
// writer, most of it parsing), and PortDesk's own, in transactions and out. A kept
// statement whose rows are still open (a query run again inside its own loop) is not run
// again until they close: that one runs unprepared. database/sql uses a connection from one
// goroutine at a time, rows' Close included, so what is kept needs no lock.
type keepingConn struct {
	driver.Conn
	stmts map[string]*connStmt
}

type connStmt struct {
	stmt driver.Stmt
	busy bool // its rows are open
}

var (
	_ driver.ConnBeginTx        = (*keepingConn)(nil)
	_ driver.ConnPrepareContext = (*keepingConn)(nil)
	_ driver.ExecerContext      = (*keepingConn)(nil)
	_ driver.QueryerContext     = (*keepingConn)(nil)
	_ driver.Pinger             = (*keepingConn)(nil)
	_ driver.SessionResetter    = (*keepingConn)(nil)
	_ driver.Validator          = (*keepingConn)(nil)
)

func newKeepingConn(c driver.Conn) *keepingConn {
	return &keepingConn{Conn: c, stmts: map[string]*connStmt{}}
}

// kept is query's statement, prepared now if there is room; nil to run it unprepared.
func (c *keepingConn) kept(ctx context.Context, query string, nargs int) (*connStmt, error) {
	if k, ok := c.stmts[query]; ok {
		if k.busy {
			return nil, nil
		}
		return k, nil
	}
	if nargs > maxStmtArgs || len(c.stmts) >= maxStmts || script(query) {
		return nil, nil
	}
	st, err := c.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	k := &connStmt{stmt: st}
	c.stmts[query] = k
	return k, nil
}

func (c *keepingConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	k, err := c.kept(ctx, query, len(args))
	if err != nil {
		return nil, err
	}
	sq, ok := stmtQuery(k)
	if !ok {
		q, ok := c.Conn.(driver.QueryerContext)
		if !ok {
			return nil, driver.ErrSkip
		}
		return q.QueryContext(ctx, query, args)
	}
	rows, err := sq.QueryContext(ctx, args)
	if err != nil {
		return nil, err
	}
	k.busy = true
	return &keptRows{Rows: rows, stmt: k}, nil
}

func (c *keepingConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	k, err := c.kept(ctx, query, len(args))
	if err != nil {
		return nil, err
	}
	if k != nil {
		if se, ok := k.stmt.(driver.StmtExecContext); ok {
			return se.ExecContext(ctx, args)
		}
	}
	e, ok := c.Conn.(driver.ExecerContext)
	if !ok {
		return nil, driver.ErrSkip
	}
	return e.ExecContext(ctx, query, args)
}

// script reports whether query is several statements (a migration's): each is run once,
// and modernc keeps no prepared statement of a script anyway.
func script(query string) bool {
	return strings.Contains(strings.TrimRight(query, "; \t\r\n"), ";")
}

func stmtQuery(k *connStmt) (driver.StmtQueryContext, bool) {
	if k == nil {
		return nil, false
	}
	sq, ok := k.stmt.(driver.StmtQueryContext)
	return sq, ok
}

func (c *keepingConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	if p, ok := c.Conn.(driver.ConnPrepareContext); ok {
		return p.PrepareContext(ctx, query)
	}
	return c.Prepare(query)
}

func (c *keepingConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	b, ok := c.Conn.(driver.ConnBeginTx)
	if !ok {
		return nil, errors.New("sqlite: the driver's connection cannot begin with options")
	}
	return b.BeginTx(ctx, opts)
}

func (c *keepingConn) Ping(ctx context.Context) error {
	if p, ok := c.Conn.(driver.Pinger); ok {
		return p.Ping(ctx)
	}
	return nil
}

func (c *keepingConn) ResetSession(ctx context.Context) error {
	if r, ok := c.Conn.(driver.SessionResetter); ok {
		return r.ResetSession(ctx)
	}
	return nil
}

func (c *keepingConn) IsValid() bool {
	v, ok := c.Conn.(driver.Validator)
	return !ok || v.IsValid()
}

// Close finalizes the kept statements, then closes the connection.
func (c *keepingConn) Close() error {
	var errs []error
	for q, k := range c.stmts {
		errs = append(errs, k.stmt.Close())
		delete(c.stmts, q)
	}
	return errors.Join(append(errs, c.Conn.Close())...)
}

// keptRows frees its statement for the next run when closed.
type keptRows struct {
	driver.Rows
	stmt *connStmt
}

func (r *keptRows) Close() error {
	err := r.Rows.Close()
	r.stmt.busy = false
	return err
}

// ColumnTypeDatabaseTypeName passes on the driver's column types (database/sql's
// ColumnTypes asks for them).
func (r *keptRows) ColumnTypeDatabaseTypeName(i int) string {
	if t, ok := r.Rows.(driver.RowsColumnTypeDatabaseTypeName); ok {
		return t.ColumnTypeDatabaseTypeName(i)
	}
	return ""
}
