package postgres_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/store/postgres"
	"github.com/portdesk/portdesk/internal/store/storetest"
)

func TestConformance(t *testing.T) {
	storetest.Run(t, storetest.Engine{
		Open: func(t *testing.T) domain.Store { return postgres.OpenTest(t) },
		Replica: func(t *testing.T, s domain.Store) domain.Store {
			return postgres.OpenTestReplica(t, s.(*postgres.Store))
		},
		CountJobs: func(t *testing.T, s domain.Store) int {
			var n int
			if err := s.(*postgres.Store).Pool().QueryRow(context.Background(), "SELECT count(*) FROM river_job").Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		},
	})
}

func TestMigrateIdempotent(t *testing.T) {
	s := postgres.OpenTest(t)
	if err := s.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// TestFoldsEveryLetter: a database under a UTF-8 LC_CTYPE folds every letter; one under C
// folds ASCII alone, which `portdesk serve` warns of.
func TestFoldsEveryLetter(t *testing.T) {
	s := postgres.OpenTest(t)
	ctx := context.Background()
	if ok, err := s.FoldsEveryLetter(ctx); err != nil || !ok {
		t.Fatalf("the test database (UTF-8): folds %v, %v", ok, err)
	}
	raw := os.Getenv(postgres.TestURLEnv)
	admin, err := pgx.Connect(ctx, raw)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(ctx)
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	name := "portdesk_test_c_" + hex.EncodeToString(b)
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+name+" TEMPLATE template0 ENCODING 'UTF8' LC_CTYPE 'C' LC_COLLATE 'C'"); err != nil {
		t.Fatal(err)
	}
	defer admin.Exec(ctx, "DROP DATABASE "+name+" WITH (FORCE)") //nolint:errcheck
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	c, err := postgres.Open(ctx, u.String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if ok, err := c.FoldsEveryLetter(ctx); err != nil || ok {
		t.Fatalf("a database under LC_CTYPE C: folds %v, %v", ok, err)
	}
}
