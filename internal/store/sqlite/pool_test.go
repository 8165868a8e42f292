package sqlite

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/portdesk/portdesk/internal/domain"
)

// Reads outside a transaction go to the read-only connections and see every write committed
// before them; writes outside a transaction (INSERT … RETURNING through QueryRow included)
// go to the writer; statements run twice are kept prepared, in and out of transactions.
func TestReadPoolAndKeptStatements(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := OpenTest(t)
	if _, err := st.read.ExecContext(ctx, `INSERT INTO accounts (name, country, time_zone, created_at) VALUES ('x', 'GB', 'Europe/London', 0)`); err == nil {
		t.Fatal("a write on a read connection went through: they must be query_only")
	}
	at := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	for i := range 3 {
		// CreateAccount is an INSERT … RETURNING read through QueryRow: it must reach the writer.
		a := domain.Account{Name: "Acme " + string(rune('A'+i)), Country: domain.CountryGB, TimeZone: "Europe/London", CreatedAt: at}
		if err := st.CreateAccount(ctx, &a); err != nil {
			t.Fatal(err)
		}
		got, err := st.Account(ctx, a.ID)
		if err != nil || got.Name != a.Name {
			t.Fatalf("read after write: %+v, %v", got, err)
		}
		// In a transaction, its own uncommitted write is what it reads.
		if err := st.InTx(ctx, func(tx domain.Tx) error {
			got.Name += " Ltd"
			if err := tx.UpdateAccount(ctx, &got); err != nil {
				return err
			}
			in, err := tx.Account(ctx, a.ID)
			if err != nil || in.Name != got.Name {
				t.Errorf("read in the transaction: %+v, %v", in, err)
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if got, err := st.Account(ctx, a.ID); err != nil || got.Name != a.Name+" Ltd" {
			t.Fatalf("read after commit: %+v, %v", got, err)
		}
	}
	read, write := len(st.readStmts.kept), writerKept(t, st)
	if read == 0 || write == 0 {
		t.Errorf("statements kept: %d for reads, %d on the writer; want some of each", read, write)
	}
	// Many readers at once, beside a writer.
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			for range 20 {
				if _, err := st.AccountSubtree(ctx, 1); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Go(func() {
		for i := range 20 {
			a := domain.Account{Name: "Parallel " + string(rune('A'+i)), Country: domain.CountryGB, TimeZone: "Europe/London", CreatedAt: at}
			if err := st.CreateAccount(ctx, &a); err != nil {
				t.Error(err)
				return
			}
		}
	})
	wg.Wait()
}

// writerKept is how many statements the writer's one connection keeps (keepingConn).
func writerKept(t *testing.T, st *Store) int {
	t.Helper()
	c, err := st.db.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	var n int
	if err := c.Raw(func(dc any) error { n = len(dc.(*keepingConn).stmts); return nil }); err != nil {
		t.Fatal(err)
	}
	return n
}
