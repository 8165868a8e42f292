package web_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/portdesk/portdesk/internal/access"
	"github.com/portdesk/portdesk/internal/app"
	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/web"
)

// stormResult is what a login storm got back: answers by status, and the heap's peak over
// its level before the storm.
type stormResult struct {
	status     map[int]int
	retryAfter int // 503s that said when to come back
	peakHeap   uint64
}

// loginStorm posts n logins at once to a real server on 127.0.0.1, the i-th with
// form(i), while sampling the heap in use.
func loginStorm(t *testing.T, a *app.App, n int, form func(i int) url.Values) stormResult {
	t.Helper()
	h, err := web.New(a, web.Options{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		Transport: &http.Transport{MaxIdleConnsPerHost: n}}
	res, err := c.Get(srv.URL + "/login")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	m := csrfField.FindSubmatch(page)
	if m == nil {
		t.Fatalf("no login token on the login page")
	}

	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapInuse
	var peak uint64
	stop, sampled := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(sampled)
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapInuse)
			select {
			case <-tick.C:
			case <-stop:
				return
			}
		}
	}()

	out := stormResult{status: map[int]int{}}
	var mu sync.Mutex
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f := form(i)
			f.Set("csrf_token", string(m[1]))
			res, err := c.PostForm(srv.URL+"/login", f)
			if err != nil {
				errs <- err
				return
			}
			_, _ = io.Copy(io.Discard, res.Body)
			res.Body.Close()
			mu.Lock()
			out.status[res.StatusCode]++
			if res.StatusCode == http.StatusServiceUnavailable && res.Header.Get("Retry-After") != "" {
				out.retryAfter++
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	close(stop)
	<-sampled
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if peak > base {
		out.peakHeap = peak - base
	}
	return out
}

// stormHeapBound is far under what a hundred parallel password checks would hold at once
// (100 × 19 MiB, about 1.9 GiB).
const stormHeapBound = 300 << 20

// TestSecurityLoginStormMemory: a hundred parallel wrong logins against a real server are
// answered with throttling or "busy" once the limits or the password-check slots are used
// up, never all checked, and the heap stays far below what checking them all would take.
// Not parallel: the heap is the whole test process's, so nothing else may run meanwhile.
func TestSecurityLoginStormMemory(t *testing.T) {
	env := desktest.New(t, desktest.SQLite)
	c := env.NewCustomer(t, "Stormed", 0, domain.CountryGB)

	t.Run("one email from one address is throttled", func(t *testing.T) {
		// This storm is about the throttle: the few tries it lets through wait as long as
		// they must for a password-check slot, so a slow machine (the race detector, other
		// suites) cannot turn one of them away as busy.
		deps := env.Deps
		deps.Settings.SignIn = access.Config{HashWait: time.Minute}
		a, err := app.New(deps)
		if err != nil {
			t.Fatal(err)
		}
		got := loginStorm(t, a, 100, func(i int) url.Values {
			return url.Values{"email": {c.Admin.Email}, "password": {fmt.Sprintf("guess %d", i)}, "next": {"/"}}
		})
		t.Logf("answers %v, heap peak +%d MiB", got.status, got.peakHeap>>20)
		limit := env.Access.Config().MaxFailsPerUser
		if got.status[http.StatusUnauthorized] != limit || got.status[http.StatusTooManyRequests] != 100-limit {
			t.Fatalf("answers %v: want %d checked (401) and the rest throttled (429)", got.status, limit)
		}
		if got.peakHeap > stormHeapBound {
			t.Fatalf("heap rose %d MiB during the storm, over %d MiB", got.peakHeap>>20, stormHeapBound>>20)
		}
	})

	t.Run("limits that do not bite: the password-check slots bound memory", func(t *testing.T) {
		deps := env.Deps
		deps.Settings.SignIn = access.Config{MaxFailsPerUser: 1000, MaxFailsPerIP: 1000, HashWait: 200 * time.Millisecond}
		a, err := app.New(deps)
		if err != nil {
			t.Fatal(err)
		}
		got := loginStorm(t, a, 100, func(i int) url.Values {
			return url.Values{"email": {fmt.Sprintf("nobody%d@stormed.example", i)}, "password": {"guess"}, "next": {"/"}}
		})
		t.Logf("answers %v, heap peak +%d MiB", got.status, got.peakHeap>>20)
		if got.status[http.StatusUnauthorized]+got.status[http.StatusServiceUnavailable] != 100 ||
			got.status[http.StatusServiceUnavailable] == 0 || got.retryAfter != got.status[http.StatusServiceUnavailable] {
			t.Fatalf("answers %v (%d with Retry-After): want some turned away busy (503, Retry-After), the rest checked", got.status, got.retryAfter)
		}
		if got.peakHeap > stormHeapBound {
			t.Fatalf("heap rose %d MiB during the storm, over %d MiB", got.peakHeap>>20, stormHeapBound>>20)
		}
	})
}
