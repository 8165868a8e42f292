package sqlite

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/portdesk/portdesk/internal/domain"
)

// TestReadGate: every way a read ends gives its place back (rows closed, a row scanned, a row
// not found, a failed statement), so a gate of one place serves read after read; and a read
// waiting for a place gives up when its context ends.
func TestReadGate(t *testing.T) {
	t.Parallel()
	st := OpenTest(t)
	st.reads = newGate(1)
	at := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	a := domain.Account{Name: "Gate Co", Country: domain.CountryGB, TimeZone: "Europe/London", CreatedAt: at}
	if err := st.CreateAccount(context.Background(), &a); err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		for _, r := range []struct {
			name string
			read func(ctx context.Context) error
		}{
			{"a row", func(ctx context.Context) error { _, err := st.Account(ctx, a.ID); return err }},
			{"no row", func(ctx context.Context) error {
				_, err := st.Account(ctx, a.ID+1000)
				if domain.IsCode(err, domain.ErrNotFound) {
					return nil
				}
				return err
			}},
			{"rows", func(ctx context.Context) error {
				_, err := st.ListPortIns(ctx, domain.PortInFilter{AccountIDs: []int64{a.ID}, Limit: 10})
				return err
			}},
			{"a failed statement", func(ctx context.Context) error {
				if _, err := poolQuerierOf(st).Query(ctx, `SELECT nothing FROM nowhere`); err == nil {
					return errors.New("a statement on a missing table ran")
				}
				return nil
			}},
		} {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			if err := r.read(ctx); err != nil {
				cancel()
				t.Fatalf("round %d, %s: %v (a place not given back waits until the deadline)", i, r.name, err)
			}
			cancel()
		}
	}
	st.reads <- struct{}{} // the one place, taken
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := st.Account(ctx, a.ID); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("a read with no place to go: %v, want its context's end", err)
	}
	<-st.reads
	if _, err := st.Account(context.Background(), a.ID); err != nil {
		t.Fatalf("after the place is free: %v", err)
	}
}

// A transaction waits at the writer's gate, in turn, and gives up when its context ends;
// so does a write outside one.
func TestWriterGate(t *testing.T) {
	t.Parallel()
	st := OpenTest(t)
	at := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	a := domain.Account{Name: "Writer Gate Co", Country: domain.CountryGB, TimeZone: "Europe/London", CreatedAt: at}
	st.writes <- struct{}{} // the one place, taken
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if err := st.InTx(ctx, func(tx domain.Tx) error { return tx.CreateAccount(ctx, &a) }); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("a transaction with no place to go: %v, want its context's end", err)
	}
	if err := st.CreateAccount(ctx, &a); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("a write with no place to go: %v, want its context's end", err)
	}
	<-st.writes
	if err := st.InTx(context.Background(), func(tx domain.Tx) error { return tx.CreateAccount(context.Background(), &a) }); err != nil {
		t.Fatalf("after the place is free: %v", err)
	}
	if len(st.writes) != 0 {
		t.Fatal("the transaction kept its place after it ended")
	}
}

func poolQuerierOf(st *Store) poolQuerier { return poolQuerier{st} }
