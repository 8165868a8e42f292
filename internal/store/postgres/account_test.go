package postgres_test

import (
	"context"
	"testing"
	"time"

	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/store/postgres"
)

// t0 is when the tests' accounts and requests are made.
var t0 = time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)

// storeWithAccount is a test store (its own schema) holding one UK account, named name.
func storeWithAccount(t *testing.T, name string) (*postgres.Store, domain.Account) {
	t.Helper()
	s := postgres.OpenTest(t)
	a := domain.Account{Name: name, Country: domain.CountryGB, CreatedAt: t0}
	if err := s.CreateAccount(context.Background(), &a); err != nil {
		t.Fatal(err)
	}
	return s, a
}
