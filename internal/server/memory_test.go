package server_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/portdesk/portdesk/internal/api"
	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/server"
	"github.com/portdesk/portdesk/internal/web"
)

// largeRequest is the size of request the memory probe reads: the most numbers one request
// takes in a single upload.
const largeRequest = 100_000

// TestSecurityLargeRequestMemory reads a draft of 100,000 numbers eight times at once, through
// the API and through the request page, over a real server, and holds the heap's peak growth
// to a bound: reading a request costs a page of its numbers, not all of them once per reader.
// Before the numbers were paged, eight such reads took the heap up by more than a GiB.
// Not parallel: the heap is the process's, and other tests would move it.
func TestSecurityLargeRequestMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("a 100,000-number request is slow to build")
	}
	if raceDetector {
		// The race detector slows each read tenfold and changes what the heap holds: CI runs
		// this probe in its own step without it.
		t.Skip("a memory probe: run without -race")
	}
	env := desktest.New(t, desktest.SQLite)
	cust := env.NewCustomer(t, "Acme", 0, domain.CountryGB)
	id := largeDraft(t, env, cust.Actor, largeRequest)
	// A submitted request is read another way: its plan and letters apart from the request.
	sub := largeDraft(t, env, cust.Actor, largeRequest, "+4420795")
	submit(t, env, sub)
	base := serve(t, env)
	ui := signIn(t, base, cust.Admin.Email, cust.Password)

	const readers = 8
	tests := []struct{ name, path, count string }{
		{"api", "/api/v1/port-ins/" + strconv.FormatInt(id, 10), `"numbers_count":100000`},
		{"page", "/port-ins/" + strconv.FormatInt(id, 10), `id="number-count">100000<`},
		{"submitted api", "/api/v1/port-ins/" + strconv.FormatInt(sub, 10), `"numbers_count":100000`},
		{"submitted page", "/port-ins/" + strconv.FormatInt(sub, 10), `id="number-count">100000<`},
	}
	for _, tt := range tests {
		path := tt.path
		t.Run(tt.name, func(t *testing.T) {
			growth := peakHeapGrowth(t, func() {
				var wg sync.WaitGroup
				for range readers {
					wg.Go(func() {
						req, _ := http.NewRequest("GET", base+path, nil)
						c := ui
						if strings.HasSuffix(tt.name, "api") {
							req.Header.Set("Authorization", "Bearer "+cust.Token)
							c = http.DefaultClient
						}
						res, err := c.Do(req)
						if err != nil {
							t.Error(err)
							return
						}
						defer res.Body.Close()
						body, _ := io.ReadAll(res.Body)
						if res.StatusCode != http.StatusOK || !strings.Contains(string(body), tt.count) {
							t.Errorf("GET %s: %d, %d bytes without %s", path, res.StatusCode, len(body), tt.count)
						}
					})
				}
				wg.Wait()
			})
			t.Logf("%d parallel GET %s: peak heap growth %.1f MiB", readers, path, float64(growth)/(1<<20))
			// One whole-request read at a time holds about 100 MiB live for 100,000 numbers
			// (their checks, orders and letters), and the heap runs up to twice its live size
			// between collections; eight readers each holding the request went past 1.8 GiB.
			if limit := uint64(384 << 20); growth > limit { // one bounded read peaks near 190 MiB in use; before paging, 2 GiB
				t.Errorf("%d parallel GET %s grew the heap by %d MiB, over %d MiB", readers, path, growth>>20, limit>>20)
			}
		})
	}
}

// largeDraft makes a complete draft of n numbers, written to the store in one bulk insert:
// London numbers from prefix (020 7940 by default) and five digits.
func largeDraft(t testing.TB, env *desktest.Env, a domain.Actor, n int, prefix ...string) int64 {
	t.Helper()
	ctx := context.Background()
	p, err := env.PortIns.Create(ctx, a, desktest.Complete())
	if err != nil {
		t.Fatal(err)
	}
	from := "+4420794"
	if len(prefix) > 0 {
		from = prefix[0]
	}
	ns := make([]domain.PortNumber, n)
	for i := range ns {
		ns[i] = domain.PortNumber{PortInID: p.ID, Number: fmt.Sprintf("%s%05d", from, i), Status: domain.NumberPending, AddedAt: env.Clock.Now()}
	}
	if err := env.Store.AddPortInNumbers(ctx, p.ID, ns); err != nil {
		t.Fatal(err)
	}
	return p.ID
}

func serve(t testing.TB, env *desktest.Env) string {
	t.Helper()
	ui, err := web.New(env.App, web.Options{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(server.New(server.Options{Log: slog.New(slog.DiscardHandler), API: api.New(env.App, api.Options{}), Web: ui,
		Ready: func(context.Context) error { return nil }}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// submit moves a request and its numbers to submitted in the store: a submit through the
// use case would check, sign and split 100,000 numbers first.
func submit(t testing.TB, env *desktest.Env, id int64) {
	t.Helper()
	ctx := context.Background()
	p, err := env.Store.PortIn(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	at := env.Clock.Now()
	p.Status, p.SubmittedAt = domain.StatusSubmitted, &at
	if err := env.Store.UpdatePortIn(ctx, &p); err != nil {
		t.Fatal(err)
	}
	if err := env.Store.SetPortInNumberStatus(ctx, id, domain.NumberSubmitted, true); err != nil {
		t.Fatal(err)
	}
}

var csrfField = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

// signIn returns a client holding a session of the user.
func signIn(t testing.TB, base, email, password string) *http.Client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.Get(base + "/login")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	m := csrfField.FindSubmatch(body)
	if m == nil {
		t.Fatal("no CSRF token on the sign-in page")
	}
	res, err = c.PostForm(base+"/login", url.Values{"csrf_token": {string(m[1])}, "email": {email}, "password": {password}, "next": {"/"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-in: %d", res.StatusCode)
	}
	return c
}

// peakHeapGrowth runs fn while sampling the heap in use, and returns its peak above what was
// in use before.
func peakHeapGrowth(t testing.TB, fn func()) uint64 {
	t.Helper()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	before := ms.HeapInuse
	var peak, livePeak atomic.Uint64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peak.Load() {
				peak.Store(ms.HeapInuse)
			}
			live := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
			metrics.Read(live)
			if l := live[0].Value.Uint64(); l > livePeak.Load() {
				livePeak.Store(l)
			}
			select {
			case <-stop:
				return
			case <-tick.C:
			}
		}
	}()
	fn()
	close(stop)
	<-done
	t.Logf("peak live heap (as of the last GC) %.1f MiB above %.1f MiB in use before", (float64(livePeak.Load())-float64(before))/(1<<20), float64(before)/(1<<20))
	if peak.Load() < before {
		return 0
	}
	return peak.Load() - before
}

// BenchmarkLargeRequestRead is eight parallel API reads of a draft of 100,000 numbers, with
// the peak heap growth they cause.
func BenchmarkLargeRequestRead(b *testing.B) {
	env := desktest.New(b, desktest.SQLite)
	cust := env.NewCustomer(b, "Acme", 0, domain.CountryGB)
	path := serve(b, env) + "/api/v1/port-ins/" + strconv.FormatInt(largeDraft(b, env, cust.Actor, largeRequest), 10)
	var peak uint64
	for b.Loop() {
		peak = max(peak, peakHeapGrowth(b, func() {
			var wg sync.WaitGroup
			for range 8 {
				wg.Go(func() {
					req, _ := http.NewRequest("GET", path, nil)
					req.Header.Set("Authorization", "Bearer "+cust.Token)
					res, err := http.DefaultClient.Do(req)
					if err != nil {
						b.Error(err)
						return
					}
					_, _ = io.Copy(io.Discard, res.Body)
					res.Body.Close()
				})
			}
			wg.Wait()
		}))
	}
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-growth-MiB")
}
