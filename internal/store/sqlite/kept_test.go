package sqlite

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/portdesk/portdesk/internal/domain"
)

// keptFixture is a store, the same file opened as another process would, and a customer
// admin's API token in a top-level account.
type keptFixture struct {
	st, other *Store
	at        time.Time
	accounts  int
	root      int64
	user      domain.User
	token     domain.APIToken
}

func newKeptFixture(t *testing.T) *keptFixture {
	t.Helper()
	st := OpenTest(t)
	f := &keptFixture{st: st, other: OpenTestReplica(t, st), at: time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)}
	f.root = f.account(t, st, 0)
	f.user = domain.User{AccountID: f.root, Role: domain.RoleAdmin, Email: "admin@acme.example", Name: "Ada", CreatedAt: f.at}
	if err := st.CreateUser(context.Background(), &f.user); err != nil {
		t.Fatal(err)
	}
	f.token = domain.APIToken{UserID: f.user.ID, Name: "ci", Prefix: "pd_abc", Hash: []byte("the token's hash"), CreatedAt: f.at}
	if err := st.CreateAPIToken(context.Background(), &f.token); err != nil {
		t.Fatal(err)
	}
	return f
}

// account adds an account under parent (0: top level) through s.
func (f *keptFixture) account(t *testing.T, s *Store, parent int64) int64 {
	t.Helper()
	f.accounts++
	a := domain.Account{ParentID: parent, Name: fmt.Sprintf("Acme %d", f.accounts), Country: domain.CountryGB, TimeZone: "Europe/London", CreatedAt: f.at}
	if err := s.CreateAccount(context.Background(), &a); err != nil {
		t.Fatal(err)
	}
	return a.ID
}

// A token's read is given again while nothing is written, and read afresh after any commit:
// this process's through the store, or another process's on the same file; and nothing kept
// under one connection's data version is taken for a later connection's.
func TestSignInsKeptUntilAWrite(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newKeptFixture(t)
	st, other, at, root, u, tok := f.st, f.other, f.at, f.root, f.user, f.token
	account := func(s *Store, parent int64) int64 { t.Helper(); return f.account(t, s, parent) }
	read := func() (domain.APIToken, domain.User, *domain.Subtree) {
		t.Helper()
		got, in, err := st.APITokenUser(ctx, tok.Hash)
		gu, tree := in.User, in.Subtree
		if err != nil || tree == nil {
			t.Fatalf("token's read: %v, %+v", err, tree)
		}
		return got, gu, tree
	}
	given := func() int64 {
		st.tokens.mu.Lock()
		defer st.tokens.mu.Unlock()
		return st.tokens.given
	}

	read()
	// The version's connection replaced (as after an error): a new connection counts its
	// versions afresh, and may give the very number the first read was kept under.
	st.versions.mu.Lock()
	st.versions.closeLocked()
	st.versions.mu.Unlock()
	child := account(other, root)
	if _, _, tree := read(); !slices.Contains(tree.IDs, child) {
		t.Fatalf("a sub-account another process added is missing after the version's connection was replaced: %v", tree.IDs)
	}
	before := given()
	read()
	read()
	if n := given() - before; n != 2 {
		t.Fatalf("two reads with nothing written gave %d kept, want 2", n)
	}

	if err := st.RevokeAPIToken(ctx, u.ID, tok.ID, at); err != nil {
		t.Fatal(err)
	}
	if got, _, _ := read(); got.RevokedAt == nil {
		t.Fatal("a token revoked by this process is still given as live")
	}
	if err := other.SetUserDisabled(ctx, u.ID, &at); err != nil {
		t.Fatal(err)
	}
	if _, gu, _ := read(); gu.Active() {
		t.Fatal("a user another process disabled is still given as active")
	}
	grandchild := account(other, child)
	_, _, tree := read()
	if !slices.Contains(tree.IDs, grandchild) {
		t.Fatalf("a sub-account another process added is missing: %v", tree.IDs)
	}
	// Shared by every request it is given to: an append must not write into the kept one.
	_ = append(tree.IDs, -1)
	if _, _, again := read(); len(again.IDs) != len(tree.IDs) || slices.Contains(again.IDs[:cap(again.IDs)], -1) {
		t.Fatalf("an append to a given subtree reached the kept one: %v", again.IDs)
	}
}

// A request's stamp is given again while nothing is written, and read afresh once another
// process has changed the request (its account's list version moves).
func TestStampKeptUntilAWrite(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newKeptFixture(t)
	st, other, at := f.st, f.other, f.at
	p := domain.PortIn{AccountID: f.root, Status: domain.StatusDraft, CustomerName: "Acme Ltd", CreatedAt: at, UpdatedAt: at}
	if err := st.CreatePortIn(ctx, &p); err != nil {
		t.Fatal(err)
	}
	first, err := st.PortInStamp(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if again, err := st.PortInStamp(ctx, p.ID); err != nil || again != first || st.stamps.given != 1 {
		t.Fatalf("second read %+v, %v, given %d: want %+v given again", again, err, st.stamps.given, first)
	}
	p.CustomerName = "Acme Holdings Ltd"
	if err := other.UpdatePortIn(ctx, &p); err != nil {
		t.Fatal(err)
	}
	if after, err := st.PortInStamp(ctx, p.ID); err != nil || after.Version == first.Version {
		t.Fatalf("after another process's change: %+v, %v; was %+v", after, err, first)
	}
	if _, err := st.PortInStamp(ctx, p.ID+1); !errors.Is(err, domain.ErrNoRows) && !domain.IsCode(err, domain.ErrNotFound) {
		t.Fatalf("a request that is not there: %v", err)
	}
}

// Reads of one token from many goroutines while another process writes: each is either the
// kept read or a fresh one, never a torn one (run with -race).
func TestSignInsUnderWrites(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newKeptFixture(t)
	st, tok := f.st, f.token
	const readers, reads, children = 8, 200, 20
	errs := make(chan error, readers+1)
	started := make(chan struct{}, readers)
	go func() {
		// The writes begin once every reader has read (and kept) the subtree without them.
		for range readers {
			<-started
		}
		for i := range children {
			a := domain.Account{ParentID: f.root, Name: fmt.Sprintf("Branch %d", i), Country: domain.CountryGB, CreatedAt: f.at}
			if err := f.other.CreateAccount(ctx, &a); err != nil {
				errs <- err
				return
			}
		}
		errs <- nil
	}()
	for range readers {
		go func() {
			for i := range reads {
				_, in, err := st.APITokenUser(ctx, tok.Hash)
				tree := in.Subtree
				if i == 0 {
					started <- struct{}{}
				}
				if err == nil && (tree == nil || len(tree.IDs) != len(tree.ListVersions) || tree.IDs[0] != f.root) {
					err = fmt.Errorf("a torn subtree: %+v", tree)
				}
				if err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	for range readers + 1 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	if _, in, err := st.APITokenUser(ctx, tok.Hash); err != nil || len(in.Subtree.IDs) != 1+children {
		t.Fatalf("after the writes: %v, %v; want %d accounts", in.Subtree, err, 1+children)
	}
}

// BenchmarkDataVersionRead is what every sign-in now costs before its kept read is given.
func BenchmarkDataVersionRead(b *testing.B) {
	ctx := context.Background()
	s := OpenTest(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := s.versions.version(ctx); !ok {
			b.Fatal("no version read")
		}
	}
}
