package sqlite_test

import (
	"context"
	"testing"

	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/store/sqlite"
	"github.com/portdesk/portdesk/internal/store/storetest"
)

func TestConformance(t *testing.T) {
	storetest.Run(t, storetest.Engine{
		Open:    func(t *testing.T) domain.Store { return sqlite.OpenTest(t) },
		Replica: func(t *testing.T, s domain.Store) domain.Store { return sqlite.OpenTestReplica(t, s.(*sqlite.Store)) },
		CountJobs: func(t *testing.T, s domain.Store) int {
			var n int
			if err := s.(*sqlite.Store).DB().QueryRow("SELECT count(*) FROM river_job").Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		},
	})
}

// Migrating twice is a no-op: every start runs it.
func TestMigrateIdempotent(t *testing.T) {
	s := sqlite.OpenTest(t)
	if err := s.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
}
