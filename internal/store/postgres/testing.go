package postgres

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"
)

// TestURLEnv names the variable that turns the PostgreSQL suites on.
const TestURLEnv = "PORTDESK_TEST_POSTGRES_URL"

// OpenTest returns a migrated store in a schema of its own, dropped when t ends, so tests
// run in parallel on one database. Without PORTDESK_TEST_POSTGRES_URL it skips t.
func OpenTest(t testing.TB) *Store {
	t.Helper()
	url := os.Getenv(TestURLEnv)
	if url == "" {
		t.Skip(TestURLEnv + " not set: skipping PostgreSQL suite")
	}
	ctx := context.Background()
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	schema := "portdesk_test_" + hex.EncodeToString(b)
	admin, err := pgxpool.New(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := admin.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		admin.Close()
		t.Fatal(err)
	}
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		t.Fatal(err)
	}
	cfg.ConnConfig.RuntimeParams["search_path"] = schema
	// A test's commits need not wait for the WAL to reach the disk: a crash of the server
	// would lose a test's data, never a test's answer. Each commit waited for an fsync.
	cfg.ConnConfig.RuntimeParams["synchronous_commit"] = "off"
	cfg.MaxConns = 4
	st, err := openConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		st.Close()
		_, _ = admin.Exec(context.Background(), "DROP SCHEMA "+schema+" CASCADE")
		admin.Close()
	})
	if err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return st
}

// OpenTestReplica connects a second pool to st's schema, as another replica would.
func OpenTestReplica(t testing.TB, st *Store) *Store {
	t.Helper()
	ctx := context.Background()
	var schema string
	if err := st.pool.QueryRow(ctx, "SELECT current_schema()").Scan(&schema); err != nil {
		t.Fatal(err)
	}
	cfg, err := pgxpool.ParseConfig(os.Getenv(TestURLEnv))
	if err != nil {
		t.Fatal(err)
	}
	cfg.ConnConfig.RuntimeParams["search_path"] = schema
	cfg.ConnConfig.RuntimeParams["synchronous_commit"] = "off"
	cfg.MaxConns = 4
	other, err := openConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { other.Close() })
	return other
}
