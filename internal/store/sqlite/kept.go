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

// maxKept bounds the reads kept of each kind (tokens, sessions, stamps): past it, all are
// let go and read again as they come.
const maxKept = 4096

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
	closed  bool // with the store: no connection is opened again
}

// version is what the database's content is at now, as (epoch, version); ok is false when it
// could not be read, and then nothing is to be kept or given again.
func (d *dataVersion) version(ctx context.Context) (v [2]int64, ok bool) {
	// Microseconds, and the connection must outlive a request that ends meanwhile.
	ctx = context.WithoutCancel(ctx)
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return v, false
	}
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
	d.closed = true
}

func (d *dataVersion) closeLocked() {
	if d.conn != nil {
		_ = d.stmt.Close()
		_ = d.conn.Close()
		d.conn, d.stmt = nil, nil
	}
}

// kept keeps the last read of each key and gives it again while the database's data version
// has not moved since, so that it is the read a fresh one would give. Anything written
// anywhere moves the version, and the next read of each key is made again.
type kept[K comparable, V any] struct {
	versions *dataVersion
	read     func(context.Context, K) (V, error)
	mu       sync.Mutex
	reads    map[K]keptRead[V]
	given    int64 // reads given again, for the tests
}

type keptRead[V any] struct {
	at [2]int64
	v  V
}

func newKept[K comparable, V any](d *dataVersion, read func(context.Context, K) (V, error)) *kept[K, V] {
	return &kept[K, V]{versions: d, read: read, reads: map[K]keptRead[V]{}}
}

// get is the read of key: kept, or made now and kept. The version is read first: a commit
// between the two leaves the read kept under a version already gone.
func (k *kept[K, V]) get(ctx context.Context, key K) (V, error) {
	v, _, err := k.getAt(ctx, key)
	return v, err
}

// getAt is get with the moment the version read before it stands for (domain.Moment):
// empty when the version could not be read.
func (k *kept[K, V]) getAt(ctx context.Context, key K) (V, domain.Moment, error) {
	at, ok := k.versions.version(ctx)
	if !ok {
		v, err := k.read(ctx, key)
		return v, "", err
	}
	m := domain.Moment(fmt.Sprintf("%d.%d", at[0], at[1]))
	k.mu.Lock()
	r, hit := k.reads[key]
	if hit && r.at == at {
		k.given++
		k.mu.Unlock()
		return r.v, m, nil
	}
	k.mu.Unlock()
	v, err := k.read(ctx, key)
	if err != nil {
		return v, m, err
	}
	k.mu.Lock()
	if len(k.reads) >= maxKept {
		clear(k.reads)
	}
	k.reads[key] = keptRead[V]{at, v}
	k.mu.Unlock()
	return v, m, nil
}

// signIn is one read of a token or session (T) with its sign-in.
type signIn[T any] struct {
	head T
	in   domain.SignIn
}

// signInsOf keeps the reads of a token (or session) by its hash: every API request and page
// starts with that read, a statement of 26 columns, a third of the CPU of a GET the API keeps
// (the load test), where the version is a statement of one. Last use is written at most once
// a minute a token, and moves the version.
func signInsOf[T any](d *dataVersion, read func(context.Context, []byte) (T, domain.SignIn, error)) *kept[string, signIn[T]] {
	return newKept(d, func(ctx context.Context, hash string) (signIn[T], error) {
		head, in, err := read(ctx, []byte(hash))
		if tree := in.Subtree; tree != nil {
			// Shared by the requests it is given to, which read it only: an append reallocates.
			tree.IDs, tree.ListVersions = slices.Clip(tree.IDs), slices.Clip(tree.ListVersions)
		}
		return signIn[T]{head, in}, err
	})
}

// signInAt is a kept sign-in at the moment read before it: the version, which every commit
// by any connection moves (the reading connection commits none), so the one a kept read was
// given at is as good as a snapshot's.
func signInAt[T any](ctx context.Context, k *kept[string, signIn[T]], hash []byte) (T, domain.SignIn, error) {
	r, m, err := k.getAt(ctx, string(hash))
	in := r.in
	in.Moment = m
	return r.head, in, err
}

// APITokenUser is the token's read (domain.Store), given again while nothing has been
// written since it was read.
func (s *Store) APITokenUser(ctx context.Context, hash []byte) (domain.APIToken, domain.SignIn, error) {
	return signInAt(ctx, s.tokens, hash)
}

// SessionUser is the session's read (domain.Store), given again while nothing has been
// written since it was read.
func (s *Store) SessionUser(ctx context.Context, hash []byte) (domain.Session, domain.SignIn, error) {
	return signInAt(ctx, s.sessions, hash)
}

// PortInStamp is the request's stamp (domain.Store), given again while nothing has been
// written since it was read: the team's GET of a request reads it to know whether the read
// the API keeps still stands.
func (s *Store) PortInStamp(ctx context.Context, id int64) (domain.PortInStamp, error) {
	return s.stamps.get(ctx, id)
}
