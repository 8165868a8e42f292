package sqlite

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// migrated is a database file every migration has been applied to, made once per test
// process: under the race detector migrating a new file took 0.7 s, and a test run opens
// hundreds, so each test starts from a copy of this one instead.
var migrated struct {
	once  sync.Once
	image []byte
	err   error
}

// migratedImage migrates a new file in a directory of its own, checkpoints it so the file
// alone holds everything, and keeps its bytes.
func migratedImage() ([]byte, error) {
	migrated.once.Do(func() {
		dir, err := os.MkdirTemp("", "portdesk-sqlite-image-")
		if err != nil {
			migrated.err = err
			return
		}
		defer os.RemoveAll(dir)
		path := filepath.Join(dir, "portdesk.db")
		ctx := context.Background()
		st, err := Open(ctx, path)
		if err != nil {
			migrated.err = err
			return
		}
		if err := st.Migrate(ctx); err != nil {
			st.Close()
			migrated.err = err
			return
		}
		if _, err := st.db.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
			st.Close()
			migrated.err = err
			return
		}
		if err := st.Close(); err != nil {
			migrated.err = err
			return
		}
		migrated.image, migrated.err = os.ReadFile(path)
	})
	return migrated.image, migrated.err
}

// OpenTest returns a migrated store on a file of its own, removed when t ends. The file
// is a copy of one migrated once per process; Migrate still runs on it, and finds nothing
// to do unless the copy is behind.
func OpenTest(t testing.TB) *Store {
	t.Helper()
	image, err := migratedImage()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "portdesk.db")
	if err := os.WriteFile(path, image, 0o600); err != nil {
		t.Fatal(err)
	}
	st, err := Open(context.Background(), path)
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
