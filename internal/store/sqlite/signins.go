package sqlite

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"slices"
	"sync"

	"github.com/portdesk/portdesk/internal/domain"
)

// maxSignIns bounds the sign-ins kept, API tokens and sessions each: past it, all are let go
// and read again as they come.
const maxSignIns = 4096

// dataVersion is the database's data version as one connection of its own sees it: PRAGMA
// data_version moves with every commit by any other connection, this process's writer
// (PortDesk's writes and River's) and another process's alike. That connection only reads,
// so every commit moves it. A connection's version is its own: when the connection is
// replaced, epoch moves, and nothing kept under the old one is taken for the new. It is the
// driver's connection, not database/sql's: a version is read on every request, and
// database/sql's pool, context watch and rows were half its cost.
type dataVersion struct {
	connect driver.Connector // read-only
	mu      sync.Mutex
	conn    driver.Conn
	stmt    driver.Stmt
	dest    []driver.Value
	epoch   int64
}

// version is what the database's content is at now, as (epoch, version); ok is false when it
// could not be read, and then nothing is to be kept or given again.
func (d *dataVersion) version(ctx context.Context) (v [2]int64, ok bool) {
	// Microseconds, and the connection must outlive a request that ends meanwhile.
	ctx = context.WithoutCancel(ctx)
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.conn == nil {
		c, err := d.connect.Connect(ctx)
		if err != nil {
			return v, false
		}
		st, err := c.Prepare(`PRAGMA data_version`)
		if err != nil {
			_ = c.Close()
			return v, false
		}
		d.conn, d.stmt, d.dest, d.epoch = c, st, make([]driver.Value, 1), d.epoch+1
	}
	n, err := d.read(ctx)
	if err != nil {
		d.closeLocked()
		return v, false
	}
	return [2]int64{d.epoch, n}, true
}

func (d *dataVersion) read(ctx context.Context) (int64, error) {
	q, ok := d.stmt.(driver.StmtQueryContext)
	if !ok {
		return 0, errors.New("data version: the driver's statement cannot query")
	}
	rows, err := q.QueryContext(ctx, nil)
	if err != nil {
		return 0, err
	}
	err = rows.Next(d.dest)
	if cerr := rows.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return 0, err
	}
	n, ok := d.dest[0].(int64)
	if !ok {
		return 0, fmt.Errorf("data version: %T, not an integer", d.dest[0])
	}
	return n, nil
}

func (d *dataVersion) close() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.closeLocked()
}

func (d *dataVersion) closeLocked() {
	if d.conn != nil {
		_ = d.stmt.Close()
		_ = d.conn.Close()
		d.conn, d.stmt = nil, nil
	}
}

// signIn is one read of a token or session (T) with its user and their subtree, as it was
// at a data version.
type signIn[T any] struct {
	at   [2]int64
	head T
	user domain.User
	tree *domain.Subtree
}

// signIns keeps the last read of each token (or session) and gives it again while the
// database's data version has not moved since, so that it is the read a fresh one would
// give: every API request and page starts with that read, a statement of 26 columns, a third
// of the CPU of a GET the API keeps (the load test), where the version is a statement of one.
// Anything written anywhere moves the version, and the next sign-in of each token is read
// again: last use is written at most once a minute a token.
type signIns[T any] struct {
	versions *dataVersion
	read     func(context.Context, []byte) (T, domain.User, *domain.Subtree, error)
	mu       sync.Mutex
	kept     map[string]signIn[T]
	given    int64 // reads given again, for the tests
}

func newSignIns[T any](d *dataVersion, read func(context.Context, []byte) (T, domain.User, *domain.Subtree, error)) *signIns[T] {
	return &signIns[T]{versions: d, read: read, kept: map[string]signIn[T]{}}
}

// get is the sign-in of hash: kept, or read now and kept. The version is read before the
// sign-in: a commit between the two leaves the read kept under a version already gone.
func (s *signIns[T]) get(ctx context.Context, hash []byte) (T, domain.User, *domain.Subtree, error) {
	at, ok := s.versions.version(ctx)
	if !ok {
		return s.read(ctx, hash)
	}
	s.mu.Lock()
	k, hit := s.kept[string(hash)]
	if hit && k.at == at {
		s.given++
		s.mu.Unlock()
		return k.head, k.user, k.tree, nil
	}
	s.mu.Unlock()
	head, u, tree, err := s.read(ctx, hash)
	if err != nil {
		return head, u, tree, err
	}
	if tree != nil {
		// Shared by the requests it is given to, which read it only: an append reallocates.
		tree.IDs, tree.ListVersions = slices.Clip(tree.IDs), slices.Clip(tree.ListVersions)
	}
	s.mu.Lock()
	if len(s.kept) >= maxSignIns {
		clear(s.kept)
	}
	s.kept[string(hash)] = signIn[T]{at, head, u, tree}
	s.mu.Unlock()
	return head, u, tree, nil
}

// APITokenUser is the token's read (domain.Store), given again while nothing has been
// written since it was read.
func (s *Store) APITokenUser(ctx context.Context, hash []byte) (domain.APIToken, domain.User, *domain.Subtree, error) {
	return s.tokens.get(ctx, hash)
}

// SessionUser is the session's read (domain.Store), given again while nothing has been
// written since it was read.
func (s *Store) SessionUser(ctx context.Context, hash []byte) (domain.Session, domain.User, *domain.Subtree, error) {
	return s.sessions.get(ctx, hash)
}
