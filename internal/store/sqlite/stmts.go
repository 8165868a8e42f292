package sqlite

import (
	"context"
	"database/sql"
	"strings"
	"sync"
)

// Prepared statements are kept by their SQL, per database handle: modernc's SQLite parses a
// statement afresh on every unprepared query, which took a quarter of a GET's time. A
// kept statement is prepared once per connection and reset between uses.
const (
	// maxStmts bounds the statements kept per handle. None is ever evicted (a statement may
	// have rows open on another goroutine); past the bound, statements run unprepared.
	maxStmts = 512
	// maxStmtArgs leaves bulk inserts and long IN lists, each of a shape of its own, unkept.
	maxStmtArgs = 64
)

// stmtCache is the statements kept on the read connections' *sql.DB, by their shared SQL
// (before rebind). A nil cache keeps none: the writer's connection keeps its own
// (keepingConn).
type stmtCache struct {
	db   *sql.DB
	mu   sync.RWMutex
	kept map[string]*sql.Stmt
}

func newStmtCache(db *sql.DB) *stmtCache {
	return &stmtCache{db: db, kept: map[string]*sql.Stmt{}}
}

// lookup is the kept statement of query, or nil.
func (c *stmtCache) lookup(query string) *sql.Stmt {
	if c == nil {
		return nil
	}
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.kept[query]
}

// stmt is the kept statement of query, prepared now if it is not yet kept and there is
// room; nil when it is not to be kept.
func (c *stmtCache) stmt(ctx context.Context, query string, nargs int) *sql.Stmt {
	if st := c.lookup(query); st != nil || c == nil || nargs > maxStmtArgs {
		return st
	}
	c.mu.RLock()
	full := len(c.kept) >= maxStmts
	c.mu.RUnlock()
	if full {
		return nil
	}
	st, err := c.db.PrepareContext(ctx, rebind(query))
	if err != nil {
		return nil // run unprepared: the query itself reports the error
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if other := c.kept[query]; other != nil || len(c.kept) >= maxStmts {
		_ = st.Close()
		return other
	}
	c.kept[query] = st
	return st
}

func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for q, st := range c.kept {
		_ = st.Close()
		delete(c.kept, q)
	}
}

// rebind turns the shared SQL's $N placeholders into SQLite's: a bare ? when they run $1,
// $2, … in order, each once (the usual case), else ?N. SQLite keeps every $N and ?N in a
// list it searches to bind each one by name, which makes a statement of thousands of
// parameters (a multi-row insert, a batch's IN list) quadratic; a bare ? is bound by
// position alone.
func rebind(query string) string {
	if !strings.Contains(query, "$") {
		return query
	}
	out := make([]byte, 0, len(query))
	ordered, next := true, 1
	for i := 0; i < len(query); i++ {
		if query[i] != '$' || i+1 == len(query) || query[i+1] < '0' || query[i+1] > '9' {
			out = append(out, query[i])
			continue
		}
		j, n := i+1, 0
		for ; j < len(query) && query[j] >= '0' && query[j] <= '9'; j++ {
			n = n*10 + int(query[j]-'0')
		}
		if n != next {
			ordered = false
			break
		}
		next++
		out = append(out, '?')
		i = j - 1
	}
	if ordered {
		return string(out)
	}
	b := []byte(query)
	for i := 0; i+1 < len(b); i++ {
		if b[i] == '$' && b[i+1] >= '0' && b[i+1] <= '9' {
			b[i] = '?'
		}
	}
	return string(b)
}
