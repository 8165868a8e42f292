package sqlite

import (
	"context"
	"database/sql"
	"testing"
	"time"
)

// The writer keeps what it is sent unprepared: the same SQL is prepared once however often
// it runs, a failed run leaves it fit for the next, and the same query run again inside its
// own rows' loop (the kept statement busy) runs unprepared beside it.
func TestWriterKeepsUnpreparedStatements(t *testing.T) {
	t.Parallel()
	// Bounded: a statement run again under its own open rows went round without end.
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	st := OpenTest(t)
	conn, err := st.db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	kept := func() map[string]*connStmt {
		var m map[string]*connStmt
		if err := conn.Raw(func(dc any) error { m = dc.(*keepingConn).stmts; return nil }); err != nil {
			t.Fatal(err)
		}
		return m
	}
	before := len(kept()) // the migrations' own
	if _, err := conn.ExecContext(ctx, `CREATE TEMP TABLE kept_test (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)`); err != nil {
		t.Fatal(err)
	}
	const insert = `INSERT INTO kept_test (name) VALUES (?)`
	for _, name := range []string{"a", "b", "c"} {
		if _, err := conn.ExecContext(ctx, insert, name); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := conn.ExecContext(ctx, insert, "a"); err == nil {
		t.Fatal("a duplicate name went in")
	}
	if _, err := conn.ExecContext(ctx, insert, "d"); err != nil {
		t.Fatalf("the kept insert after a failed run: %v", err)
	}
	if k := kept()[insert]; k == nil || k.busy {
		t.Fatalf("the insert is not kept, or kept busy: %+v", k)
	}

	const names = `SELECT name FROM kept_test WHERE id >= ? ORDER BY id`
	read := func(rows *sql.Rows) []string {
		t.Helper()
		var out []string
		for rows.Next() {
			if len(out) > 10 { // a statement shared by two open rows starts over, and over
				t.Fatalf("rows without end: %v", out)
			}
			var s string
			if err := rows.Scan(&s); err != nil {
				t.Fatal(err)
			}
			out = append(out, s)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		return out
	}
	outer, err := conn.QueryContext(ctx, names, 1)
	if err != nil {
		t.Fatal(err)
	}
	if !outer.Next() {
		t.Fatal("no first row")
	}
	if k := kept()[names]; k == nil || !k.busy {
		t.Fatalf("the query is not kept busy while its rows are open: %+v", k)
	}
	inner, err := conn.QueryContext(ctx, names, 3)
	if err != nil {
		t.Fatal(err)
	}
	if got := read(inner); len(got) != 2 || got[0] != "c" || got[1] != "d" {
		t.Fatalf("the same query inside its own loop: %v", got)
	}
	_ = inner.Close()
	var first string
	if err := outer.Scan(&first); err != nil || first != "a" {
		t.Fatalf("the outer rows after the inner ran: %q, %v", first, err)
	}
	if got := read(outer); len(got) != 3 || got[0] != "b" || got[2] != "d" {
		t.Fatalf("the outer rows' rest: %v", got)
	}
	_ = outer.Close()
	if k := kept()[names]; k == nil || k.busy {
		t.Fatalf("the query is still busy after its rows closed: %+v", k)
	}
	again, err := conn.QueryContext(ctx, names, 4)
	if err != nil {
		t.Fatal(err)
	}
	if got := read(again); len(got) != 1 || got[0] != "d" {
		t.Fatalf("the kept query run again: %v", got)
	}
	_ = again.Close()
	if n := len(kept()) - before; n != 3 { // the CREATE, the insert and the query
		t.Fatalf("%d statements kept, want 3", n)
	}
	// A script (a migration's) runs, and is not kept.
	const twice = `UPDATE kept_test SET name = name || '!' WHERE id = 1; UPDATE kept_test SET name = name || '?' WHERE id = 1;`
	if _, err := conn.ExecContext(ctx, twice); err != nil {
		t.Fatal(err)
	}
	if _, ok := kept()[twice]; ok {
		t.Fatal("a script was kept")
	}
	var name string
	if err := conn.QueryRowContext(ctx, `SELECT name FROM kept_test WHERE id = 1`).Scan(&name); err != nil || name != "a!?" {
		t.Fatalf("after the script: %q, %v", name, err)
	}
}
