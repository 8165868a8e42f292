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
