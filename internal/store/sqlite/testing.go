package sqlite

import (
	"context"
	"path/filepath"
	"testing"
)

// OpenTest returns a migrated store on a file of its own, removed when t ends.
func OpenTest(t testing.TB) *Store {
	t.Helper()
	st, err := Open(context.Background(), filepath.Join(t.TempDir(), "portdesk.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := st.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return st
}

// OpenTestReplica opens st's database file a second time, as another process would: its
// own connection, so that what is shared between replicas is tested as shared.
func OpenTestReplica(t testing.TB, st *Store) *Store {
	t.Helper()
	var seq int
	var name, path string
	if err := st.db.QueryRow("PRAGMA database_list").Scan(&seq, &name, &path); err != nil {
		t.Fatal(err)
	}
	other, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { other.Close() })
	return other
}
