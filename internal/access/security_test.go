package access_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/portdesk/portdesk/internal/access"
	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
)

// storm runs n logins at once, the i-th from login(i), and counts their outcomes by code.
func storm(t *testing.T, n int, login func(i int) error) map[domain.ErrorCode]int {
	t.Helper()
	var mu sync.Mutex
	got := map[domain.ErrorCode]int{}
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			code := domain.CodeOf(login(i))
			mu.Lock()
			got[code]++
			mu.Unlock()
		}()
	}
	wg.Wait()
	return got
}

// replicas are two sign-in services on one database, each with its own connections.
func replicas(t *testing.T, env *desktest.Env, cfg access.Config) []*access.Service {
	t.Helper()
	other, err := desk.New(desk.Deps{Store: env.Replica(t), Clock: env.Clock, Numbers: env.Desk.Numbers})
	if err != nil {
		t.Fatal(err)
	}
	return []*access.Service{access.New(env.Desk, cfg), access.New(other, cfg)}
}

// TestSecurityLoginStormThrottle: a hundred parallel wrong logins, spread over two replicas,
// have no more passwords checked than the limits allow; the rest are refused before any
// hashing.
func TestSecurityLoginStormThrottle(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		c := env.NewCustomer(t, "Stormed", 0, domain.CountryGB)
		svc := replicas(t, env, access.Config{HashWait: time.Minute})
		cfg := svc[0].Config()
		t.Run("one email", func(t *testing.T) {
			got := storm(t, 100, func(i int) error {
				_, _, err := svc[i%2].Login(ctx, c.Admin.Email, fmt.Sprintf("guess %d", i), "203.0.113.5")
				return err
			})
			if got[domain.ErrUnauthenticated] != cfg.MaxFailsPerUser || got[domain.ErrRateLimited] != 100-cfg.MaxFailsPerUser {
				t.Fatalf("outcomes %v: want %d checked, the rest throttled", got, cfg.MaxFailsPerUser)
			}
			if _, _, err := svc[0].Login(ctx, c.Admin.Email, c.Password, "203.0.113.6"); !domain.IsCode(err, domain.ErrRateLimited) {
				t.Fatalf("the right password right after the storm: %v", err)
			}
		})
		t.Run("one address", func(t *testing.T) {
			got := storm(t, 100, func(i int) error {
				_, _, err := svc[i%2].Login(ctx, fmt.Sprintf("nobody%d@stormed.example", i), "guess", "203.0.113.7")
				return err
			})
			if got[domain.ErrUnauthenticated] != cfg.MaxFailsPerIP || got[domain.ErrRateLimited] != 100-cfg.MaxFailsPerIP {
				t.Fatalf("outcomes %v: want %d checked, the rest throttled", got, cfg.MaxFailsPerIP)
			}
		})
		t.Run("one IPv6 /64", func(t *testing.T) {
			got := storm(t, 40, func(i int) error {
				_, _, err := svc[i%2].Login(ctx, fmt.Sprintf("v6-%d@stormed.example", i), "guess", fmt.Sprintf("2001:db8:1:2::%x", i+1))
				return err
			})
			if got[domain.ErrUnauthenticated] != cfg.MaxFailsPerIP {
				t.Fatalf("outcomes %v: a /64 is one address, want %d checked", got, cfg.MaxFailsPerIP)
			}
		})
	})
}

// TestSecurityLoginStormBusy: password checks beyond the process's slots wait briefly and
// are then turned away as busy, and a try turned away does not count against the user.
func TestSecurityLoginStormBusy(t *testing.T) {
	t.Parallel()
	env := desktest.New(t, desktest.SQLite)
	c := env.NewCustomer(t, "Busy", 0, domain.CountryGB)
	svc := access.New(env.Desk, access.Config{MaxHashes: 1, HashWait: time.Millisecond, MaxFailsPerIP: 1000, MaxFailsPerUser: 1000})
	got := storm(t, 50, func(i int) error {
		_, _, err := svc.Login(ctx, c.Admin.Email, fmt.Sprintf("guess %d", i), "203.0.113.9")
		return err
	})
	if got[domain.ErrUnavailable] == 0 || got[domain.ErrUnauthenticated] == 0 || got[domain.ErrUnavailable]+got[domain.ErrUnauthenticated] != 50 {
		t.Fatalf("outcomes %v: want some checked and some turned away busy", got)
	}
	// Only the checked tries count: with a limit of exactly that many, one more is refused
	// and a limit one higher lets the right password in.
	checked := got[domain.ErrUnauthenticated]
	tight := access.New(env.Desk, access.Config{MaxFailsPerUser: checked, MaxFailsPerIP: 1000})
	if _, _, err := tight.Login(ctx, c.Admin.Email, c.Password, "203.0.113.9"); !domain.IsCode(err, domain.ErrRateLimited) {
		t.Fatalf("limit %d after %d checked: %v", checked, checked, err)
	}
	loose := access.New(env.Desk, access.Config{MaxFailsPerUser: checked + 1, MaxFailsPerIP: 1000})
	if _, _, err := loose.Login(ctx, c.Admin.Email, c.Password, "203.0.113.9"); err != nil {
		t.Fatalf("limit %d after %d checked: %v", checked+1, checked, err)
	}
}

// TestSecuritySessionIdle: a session ends after two idle hours, or after twelve however busy.
func TestSecuritySessionIdle(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		c := env.NewCustomer(t, "Idle", 0, domain.CountryGB)
		cfg := env.Access.Config()
		if cfg.SessionIdle != 2*time.Hour || cfg.SessionTTL != 12*time.Hour {
			t.Fatalf("defaults: idle %v, absolute %v", cfg.SessionIdle, cfg.SessionTTL)
		}
		tok, _, err := env.Access.Login(ctx, c.Admin.Email, c.Password, "192.0.2.1")
		if err != nil {
			t.Fatal(err)
		}
		// Used every 1h59m, it lives on...
		for range 3 {
			env.Clock.Advance(cfg.SessionIdle - time.Minute)
			if _, _, err := env.Access.SessionActor(ctx, tok); err != nil {
				t.Fatalf("a session used within its idle time: %v", err)
			}
		}
		// ...but not two hours unused.
		env.Clock.Advance(cfg.SessionIdle)
		if _, _, err := env.Access.SessionActor(ctx, tok); !domain.IsCode(err, domain.ErrUnauthenticated) {
			t.Fatalf("an idle session: %v", err)
		}

		busy, _, err := env.Access.Login(ctx, c.Admin.Email, c.Password, "192.0.2.1")
		if err != nil {
			t.Fatal(err)
		}
		for elapsed := time.Duration(0); elapsed < cfg.SessionTTL-time.Hour; elapsed += time.Hour {
			env.Clock.Advance(time.Hour)
			if _, _, err := env.Access.SessionActor(ctx, busy); err != nil {
				t.Fatalf("a busy session after %v: %v", elapsed+time.Hour, err)
			}
		}
		env.Clock.Advance(time.Hour)
		if _, _, err := env.Access.SessionActor(ctx, busy); !domain.IsCode(err, domain.ErrUnauthenticated) {
			t.Fatalf("a busy session past its absolute end: %v", err)
		}
	})
}
