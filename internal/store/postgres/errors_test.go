package postgres

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/portdesk/portdesk/internal/domain"
)

// A lost connection or a server going away is ErrUnavailable (503); a statement's own
// failure, or a caller that gave up, is not.
func TestConnectionLostIsUnavailable(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		err  error
		want domain.ErrorCode
	}{
		{"admin shutdown", &pgconn.PgError{Code: "57P01"}, domain.ErrUnavailable},
		{"crash shutdown", &pgconn.PgError{Code: "57P02"}, domain.ErrUnavailable},
		{"starting up", &pgconn.PgError{Code: "57P03"}, domain.ErrUnavailable},
		{"connection failure", &pgconn.PgError{Code: "08006"}, domain.ErrUnavailable},
		{"socket closed", fmt.Errorf("read: %w", io.ErrUnexpectedEOF), domain.ErrUnavailable},
		{"reset", &net.OpError{Op: "read", Net: "tcp", Err: errors.New("connection reset by peer")}, domain.ErrUnavailable},
		{"unique", &pgconn.PgError{Code: "23505"}, domain.ErrConflict},
		{"serialization", &pgconn.PgError{Code: "40001"}, domain.ErrConflict},
		{"syntax", &pgconn.PgError{Code: "42601"}, domain.ErrInternal},
	} {
		var de *domain.Error
		if !errors.As(wrap(tc.err), &de) || de.Code != tc.want {
			t.Errorf("%s: %v, want %s", tc.name, wrap(tc.err), tc.want)
		}
	}
	if err := wrap(fmt.Errorf("query: %w", context.Canceled)); !errors.Is(err, context.Canceled) || domain.IsCode(err, domain.ErrUnavailable) {
		t.Errorf("a cancelled request: %v", err)
	}
}

// Only reads are run again after a lost connection.
func TestIsRead(t *testing.T) {
	t.Parallel()
	for sql, want := range map[string]bool{
		"SELECT id FROM port_ins WHERE id = $1":                                      true,
		"\n\t select created_at, updated_at FROM accounts":                           true,
		"WITH RECURSIVE tree AS (SELECT id FROM accounts) SELECT * FROM tree":        true,
		"SELECT id FROM port_out_number_locks":                                       true,
		"INSERT INTO accounts (name) VALUES ($1) RETURNING id":                       false,
		"UPDATE accounts SET name = $1 RETURNING id":                                 false,
		"WITH gone AS (DELETE FROM sessions RETURNING id) SELECT count(*) FROM gone": false,
		"SELECT pg_advisory_xact_lock($1)":                                           false,
		"SELECT nextval('s')":                                                        false,
		"DELETE FROM documents WHERE id = $1":                                        false,
	} {
		if got := isRead(sql); got != want {
			t.Errorf("isRead(%q) = %v", sql, got)
		}
	}
}
