package postgres_test

import (
	"context"
	"sync"
	"testing"

	"github.com/portdesk/portdesk/internal/domain"
)

// TestForgetNamesLeavesWritersNames: a name a request takes in a transaction not yet
// committed is not forgotten, though the only committed request that bore it is gone:
// while that transaction is open (its trigger found the name there and added nothing),
// ForgetNames forgets nothing, without waiting for it; once it has committed, the name is
// borne.
func TestForgetNamesLeavesWritersNames(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, a := storeWithAccount(t, "Race Co")
	bear := func(q domain.Queries) (domain.PortIn, error) {
		p := domain.PortIn{AccountID: a.ID, Status: domain.StatusDraft, CustomerName: "Racing Pigeons", CreatedAt: t0, UpdatedAt: t0}
		return p, q.CreatePortIn(ctx, &p)
	}
	first, err := bear(s)
	if err != nil {
		t.Fatal(err)
	}
	created, commit, txDone := make(chan int64), make(chan struct{}), make(chan error, 1)
	release := sync.OnceFunc(func() { close(commit) })
	defer release() // a failure still ends the transaction, and the pool can close
	go func() {
		txDone <- s.InTx(ctx, func(tx domain.Tx) error {
			p, err := bear(tx)
			if err != nil {
				close(created)
				return err
			}
			created <- p.ID
			<-commit
			return nil
		})
	}()
	second, ok := <-created
	if !ok {
		t.Fatal(<-txDone)
	}
	if err := s.DeletePortIn(ctx, first.ID); err != nil {
		t.Fatal(err)
	}
	if n, err := s.ForgetNames(ctx); err != nil || n != 0 {
		t.Fatalf("with a writer's transaction open, forgot %d names (%v)", n, err)
	}
	release()
	if err := <-txDone; err != nil {
		t.Fatal(err)
	}
	if n, err := s.ForgetNames(ctx); err != nil || n != 0 {
		t.Fatalf("forgot %d names every request bears (%v)", n, err)
	}
	got, err := s.ListPortIns(ctx, domain.PortInFilter{Text: "racing pigeons", Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].ID != second {
		t.Fatalf("found %d requests, want request %d alone", len(got), second)
	}
}
