package storetest

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/portdesk/portdesk/internal/domain"
)

// reservations counts how many of n reservations of keys pass at at.
func reservations(t *testing.T, s domain.Store, n int, keys []string, limits []int, since, at time.Time) int {
	t.Helper()
	ok := 0
	for range n {
		passed, err := s.ReserveLoginAttempt(ctx, keys, limits, since, at)
		must(t, err)
		if passed {
			ok++
		}
	}
	return ok
}

func testLoginAttempts(t *testing.T, s domain.Store, e Engine) {
	email, ip := "email:a@x.example", "ip:192.0.2.1"
	keys, limits := []string{email, ip}, []int{3, 10}
	since := t0.Add(-15 * time.Minute)
	step(t, "each key up to its limit, and a refusal records nothing", func(t *testing.T) {
		if got := reservations(t, s, 5, keys, limits, since, t0); got != 3 {
			t.Fatalf("%d reservations passed, want 3", got)
		}
		// The two refused ones did not count against the address: 7 more fit under its 10.
		if got := reservations(t, s, 9, []string{ip}, []int{10}, since, t0); got != 7 {
			t.Fatalf("address: %d passed, want 7", got)
		}
	})
	step(t, "attempts at or before since no longer count", func(t *testing.T) {
		if got := reservations(t, s, 4, keys, limits, t0, t0.Add(time.Minute)); got != 3 {
			t.Fatalf("a new window: %d passed, want 3", got)
		}
	})
	step(t, "a release hands back one attempt", func(t *testing.T) {
		must(t, s.ReleaseLoginAttempt(ctx, email, t0.Add(time.Minute)))
		if got := reservations(t, s, 3, []string{email}, []int{3}, t0, t0.Add(time.Minute)); got != 1 {
			t.Fatalf("after a release: %d passed, want 1", got)
		}
		must(t, s.ReleaseLoginAttempt(ctx, "email:nobody@x.example", t0)) // nothing to hand back
	})
	step(t, "clear forgets one key only", func(t *testing.T) {
		must(t, s.ClearLoginAttempts(ctx, email))
		if got := reservations(t, s, 4, []string{email}, []int{3}, since, t0.Add(time.Minute)); got != 3 {
			t.Fatalf("after clear: %d passed, want 3", got)
		}
		if got := reservations(t, s, 1, []string{ip}, []int{10}, since, t0.Add(time.Minute)); got != 0 {
			t.Fatalf("the address was cleared too")
		}
	})
	step(t, "housekeeping deletes old attempts", func(t *testing.T) {
		n, err := s.DeleteLoginAttempts(ctx, t0)
		must(t, err)
		if n != 10 {
			t.Fatalf("deleted %d, want the 10 of the address at t0", n)
		}
		if got := reservations(t, s, 1, []string{ip}, []int{10}, since, t0.Add(time.Minute)); got != 1 {
			t.Fatalf("the address is still full after housekeeping")
		}
	})

	// The security probe: a hundred parallel tries, on one pool and on two (as two replicas
	// share one database), must not pass more than a limit's worth.
	stores := []domain.Store{s}
	if e.Replica != nil {
		stores = append(stores, e.Replica(t, s))
	}
	storm := func(t *testing.T, n int, keysOf func(i int) []string, limits []int) int {
		t.Helper()
		var passed atomic.Int64
		var wg sync.WaitGroup
		errs := make(chan error, n)
		at := t0.Add(time.Hour)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				ok, err := stores[i%len(stores)].ReserveLoginAttempt(ctx, keysOf(i), limits, at.Add(-15*time.Minute), at)
				if err != nil {
					errs <- err
				}
				if ok {
					passed.Add(1)
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		return int(passed.Load())
	}
	step(t, "SecurityLoginStorm: 100 parallel tries for one email pass only its limit", func(t *testing.T) {
		got := storm(t, 100, func(int) []string { return []string{"email:victim@x.example", "ip:198.51.100.7"} }, []int{5, 20})
		if got != 5 {
			t.Fatalf("%d of 100 parallel tries passed, want 5", got)
		}
	})
	step(t, "SecurityLoginStorm: 100 parallel tries from one address pass only its limit", func(t *testing.T) {
		got := storm(t, 100, func(i int) []string { return []string{fmt.Sprintf("email:u%d@x.example", i), "ip:198.51.100.8"} }, []int{5, 20})
		if got != 20 {
			t.Fatalf("%d of 100 parallel tries passed, want 20", got)
		}
	})
}

func testSessionLastSeen(t *testing.T, s domain.Store, _ Engine) {
	acc := account(t, s, "Seen Co", 0)
	u := domain.User{AccountID: acc.ID, Role: domain.RoleAdmin, Email: "seen@x.example", PasswordHash: "h", CreatedAt: t0}
	must(t, s.CreateUser(ctx, &u))
	must(t, s.CreateSession(ctx, domain.Session{TokenHash: []byte("seen"), UserID: u.ID, CSRFToken: "c", CreatedAt: t0, ExpiresAt: t0.Add(time.Hour)}))
	got, err := s.Session(ctx, []byte("seen"))
	must(t, err)
	if !got.LastSeenAt.Equal(t0) {
		t.Fatalf("a new session was last seen at %v, want its start", got.LastSeenAt)
	}
	must(t, s.TouchSession(ctx, []byte("seen"), t0.Add(5*time.Minute)))
	must(t, s.TouchSession(ctx, []byte("seen"), t0.Add(2*time.Minute))) // late and out of order: kept the later
	got, err = s.Session(ctx, []byte("seen"))
	must(t, err)
	if !got.LastSeenAt.Equal(t0.Add(5 * time.Minute)) {
		t.Fatalf("last seen %v, want %v", got.LastSeenAt, t0.Add(5*time.Minute))
	}
	must(t, s.TouchSession(ctx, []byte("gone"), t0)) // a session ended meanwhile: nothing to do
}
