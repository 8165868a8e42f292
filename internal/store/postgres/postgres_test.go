package postgres_test

import (
	"context"
	"testing"

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
