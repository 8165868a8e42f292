package postgres_test

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/portdesk/portdesk/internal/domain"
)

// TestNumbersAndTheirRequestDeletedMeanwhile: a number's request is checked once per
// statement (migration 0040), under the request's row lock, so numbers added while the
// request is being deleted wait and are refused once it is gone, and a request deleted while
// numbers are being added to it waits and takes them with it. Each side is held open on its
// own connection until the other is seen waiting for it.
func TestNumbersAndTheirRequestDeletedMeanwhile(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, a := storeWithAccount(t, "Meanwhile Co")
	request := func() int64 {
		t.Helper()
		p := domain.PortIn{AccountID: a.ID, Status: domain.StatusDraft, CustomerName: "Meanwhile", CreatedAt: t0, UpdatedAt: t0}
		if err := s.CreatePortIn(ctx, &p); err != nil {
			t.Fatal(err)
		}
		return p.ID
	}
	numbers := []domain.PortNumber{
		{Number: "+441134960901", Status: domain.NumberPending, AddedAt: t0},
		{Number: "+441134960902", Status: domain.NumberPending, AddedAt: t0},
	}

	t.Run("added while the request is deleted", func(t *testing.T) {
		id := request()
		hold := begin(ctx, t, s.Pool(), `DELETE FROM port_ins WHERE id = $1`, id)
		added := make(chan error, 1)
		go func() { added <- s.AddPortInNumbers(ctx, id, numbers) }()
		hold.waitedFor(t)
		hold.commit(t)
		if err := <-added; domain.CodeOf(err) != domain.ErrNotFound {
			t.Fatalf("numbers added to a request deleted meanwhile: %v, want not found", err)
		}
		held, err := s.OpenPortsHolding(ctx, []string{numbers[0].Number, numbers[1].Number})
		if err != nil || len(held) != 0 {
			t.Fatalf("held: %v (%v)", held, err)
		}
	})

	t.Run("deleted while numbers are added", func(t *testing.T) {
		id := request()
		hold := begin(ctx, t, s.Pool(), `INSERT INTO port_in_numbers (port_in_id, number, receiving_number,
			tracking_source, status, warnings, open, added_at, digits_rev)
			VALUES ($1, '+441134960903', '', '', 'pending', '[]', TRUE, 0, '309069431144')`, id)
		deleted := make(chan error, 1)
		go func() { deleted <- s.DeletePortIn(ctx, id) }()
		hold.waitedFor(t)
		hold.commit(t)
		if err := <-deleted; err != nil {
			t.Fatal(err)
		}
		var left int
		if err := s.Pool().QueryRow(ctx, `SELECT COUNT(*) FROM port_in_numbers WHERE port_in_id = $1`, id).Scan(&left); err != nil || left != 0 {
			t.Fatalf("%d numbers left of a deleted request (%v)", left, err)
		}
	})
}

// held is a transaction left open on its own connection after one statement.
type held struct {
	tx  pgx.Tx
	pid uint32
	db  *pgxpool.Pool
}

func begin(ctx context.Context, t *testing.T, db *pgxpool.Pool, sql string, args ...any) held {
	t.Helper()
	conn, err := db.Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(conn.Release)
	tx, err := conn.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = tx.Rollback(context.Background()) })
	if _, err := tx.Exec(ctx, sql, args...); err != nil {
		t.Fatal(err)
	}
	return held{tx: tx, pid: conn.Conn().PgConn().PID(), db: db}
}

// waitedFor returns once another session is waiting for this transaction's locks.
func (h held) waitedFor(t *testing.T) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for {
		var n int
		err := h.db.QueryRow(ctx, `SELECT COUNT(*) FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))`, int(h.pid)).Scan(&n)
		if err != nil {
			t.Fatalf("waiting for a session to wait on %d: %v", h.pid, err)
		}
		if n > 0 {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func (h held) commit(t *testing.T) {
	t.Helper()
	if err := h.tx.Commit(context.Background()); err != nil {
		t.Fatal(err)
	}
}
