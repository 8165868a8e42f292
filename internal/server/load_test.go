package server_test

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/portin"
)

// The load test's bounds: each measurement runs this long or this many requests, whichever
// ends first, after a short warm-up.
var (
	loadFor   = flag.Duration("load.for", 2*time.Second, "how long BenchmarkLoad drives each target")
	loadConns = flag.Int("load.conns", 64, "connections (and goroutines) BenchmarkLoad drives each target with")
)

const (
	loadMaxRequests = 500_000
	loadWarmUp      = 300 * time.Millisecond
	// loadAccounts customers, each with loadDrafts fresh two-number drafts, one submitted
	// request and a sub-account, so that a customer's scope is a tree.
	loadAccounts = 4
	loadDrafts   = 60
)

// BenchmarkLoad starts the real server (API, UI, metrics) on 127.0.0.1 over seeded data and
// a hello-world server beside it, drives both with the same generator at 64 connections,
// and reports each scenario's requests/s, p50 and p99, and its throughput as a share of
// hello-world's measured just before it in the same run: a ratio, so that the figures mean
// the same on another machine. Run it as
//
//	go test -run='^$' -bench=Load -benchtime=1x ./internal/server
//
// with PORTDESK_TEST_POSTGRES_URL set for the PostgreSQL half too.
func BenchmarkLoad(b *testing.B) {
	for _, engine := range []string{desktest.SQLite, desktest.Postgres} {
		b.Run(engine, func(b *testing.B) {
			env := desktest.New(b, engine)
			f := seedLoad(b, env)
			base := serve(b, env)
			hello := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/plain; charset=utf-8")
				_, _ = io.WriteString(w, "Hello, world!\n")
			}))
			b.Cleanup(hello.Close)
			c := loadClient(*loadConns)
			helloReq := func(int) loadRequest { return loadRequest{method: "GET", url: hello.URL + "/", want: http.StatusOK} }
			for _, sc := range f.scenarios(base) {
				b.Run(sc.name, func(b *testing.B) {
					h := drive(c, *loadConns, helloReq)
					r := drive(c, *loadConns, sc.next)
					if r.unexpected > 0 {
						b.Errorf("%s: %d of %d answers unexpected, first: %s", sc.name, r.unexpected, r.n, r.first)
					}
					ratio := r.rps / h.rps
					b.ReportMetric(r.rps, "req/s")
					b.ReportMetric(100*ratio, "%hello")
					b.ReportMetric(float64(r.p50.Microseconds())/1000, "p50-ms")
					b.ReportMetric(float64(r.p99.Microseconds())/1000, "p99-ms")
					b.ReportMetric(float64(r.cpu.Microseconds()), "cpu-us/req")
					b.Logf("%s %-10s %6.0f req/s p50 %6.2f ms p99 %7.2f ms %5d µs CPU/req | hello-world %6.0f req/s p99 %5.2f ms %4d µs CPU/req | %5.1f%% of hello-world's req/s, %5.1f%% by CPU",
						engine, sc.name, r.rps, ms(r.p50), ms(r.p99), r.cpu.Microseconds(), h.rps, ms(h.p99), h.cpu.Microseconds(), 100*ratio,
						100*float64(h.cpu)/float64(r.cpu))
				})
			}
		})
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// loadFixture is what the seeding made: the requests and tokens the scenarios use.
type loadFixture struct {
	custTokens []string  // one admin token per customer
	drafts     [][]int64 // each customer's fresh two-number drafts
	submitted  []int64   // each customer's submitted request
	agentToken string
	numbers    atomic.Int64 // new numbers for drafts created under load
}

// seedLoad makes loadAccounts customers, each with a sub-account, loadDrafts complete
// two-number drafts (the first in the sub-account) and one submitted request, and an agent.
func seedLoad(b *testing.B, env *desktest.Env) *loadFixture {
	b.Helper()
	ctx := context.Background()
	f := &loadFixture{}
	_, f.agentToken = env.NewStaff(b, "agent@portdesk.test", domain.RoleAgent)
	for i := range loadAccounts {
		c := env.NewCustomer(b, fmt.Sprintf("Customer %d", i), 0, domain.CountryGB)
		sub := env.NewCustomer(b, fmt.Sprintf("Customer %d Branch", i), c.Account.ID, domain.CountryGB)
		var ids []int64
		for j := range loadDrafts {
			in := desktest.Complete()
			in.Numbers = []portin.NumberInput{{Number: fmt.Sprintf("+44113%07d", 2000000+i*10000+j*2)}, {Number: fmt.Sprintf("+44113%07d", 2000001+i*10000+j*2)}}
			if j == 0 {
				in.AccountID = &sub.Account.ID
			}
			p, err := env.PortIns.Create(ctx, c.Actor, in)
			if err != nil {
				b.Fatal(err)
			}
			ids = append(ids, p.ID)
		}
		// Older than the drafts in the list's order, so the list's first page is of drafts.
		p := env.Submitted(b, c.Actor, fmt.Sprintf("+44113%07d", 3000000+i*10), fmt.Sprintf("+44113%07d", 3000001+i*10))
		f.custTokens = append(f.custTokens, c.Token)
		f.drafts = append(f.drafts, ids)
		f.submitted = append(f.submitted, p.ID)
	}
	f.numbers.Store(4000000)
	return f
}

type loadScenario struct {
	name string
	next func(i int) loadRequest
}

// scenarios are what the load test measures: one request (submitted: its plan is not
// worked out on a GET; a fresh draft: it is, and kept by what it read), by a customer and
// by the team, a page of a customer's list, and a mix of customers and agents reading and
// writing.
func (f *loadFixture) scenarios(base string) []loadScenario {
	get := func(tok, path string) loadRequest {
		return loadRequest{method: "GET", url: base + path, token: tok, want: http.StatusOK}
	}
	one := func(id int64) string { return "/api/v1/port-ins/" + strconv.FormatInt(id, 10) }
	cust := func(i int) int { return i % loadAccounts }
	return []loadScenario{
		{"get-older", func(i int) loadRequest { c := cust(i); return get(f.custTokens[c], one(f.submitted[c])) }},
		// The same requests read by the team, kept by each request's stamp.
		{"get-team", func(i int) loadRequest { return get(f.agentToken, one(f.submitted[cust(i)])) }},
		{"get-fresh", func(i int) loadRequest { c := cust(i); return get(f.custTokens[c], one(f.drafts[c][1])) }},
		// The same drafts read by the team: kept by the request's stamp and its plan's inputs.
		{"get-team-fresh", func(i int) loadRequest { return get(f.agentToken, one(f.drafts[cust(i)][1])) }},
		{"list", func(i int) loadRequest { c := cust(i); return get(f.custTokens[c], "/api/v1/port-ins?limit=50") }},
		{"mix", func(i int) loadRequest {
			c := cust(i)
			draft := f.drafts[c][(i/loadAccounts)%loadDrafts]
			// Of every 20: 13 reads and 2 writes by customers, 4 reads and 1 write by agents.
			switch i % 20 {
			case 0, 1, 2, 3, 4, 5:
				return get(f.custTokens[c], one(draft))
			case 6, 7:
				return get(f.custTokens[c], one(f.submitted[c]))
			case 8, 9, 10:
				return get(f.custTokens[c], "/api/v1/port-ins?limit=50")
			case 11:
				return get(f.custTokens[c], one(draft)+"/events")
			case 12:
				return get(f.custTokens[c], one(draft)+"/notes")
			case 13:
				return loadRequest{method: "POST", url: base + one(draft) + "/notes", token: f.custTokens[c], want: http.StatusCreated,
					body: []byte(`{"body":"Please port on a weekday morning."}`)}
			case 14:
				n := f.numbers.Add(2)
				return loadRequest{method: "POST", url: base + "/api/v1/port-ins", token: f.custTokens[c], want: http.StatusCreated,
					body: fmt.Appendf(nil, `{"losing_provider":"BT","customer_name":"Acme Widgets Ltd","numbers":[{"number":"+44113%07d"},{"number":"+44113%07d"}]}`, n, n+1)}
			case 15, 16:
				return get(f.agentToken, "/api/v1/port-ins?status=submitted&order=oldest&limit=50")
			case 17:
				return get(f.agentToken, one(f.submitted[c]))
			case 18:
				return get(f.agentToken, one(draft))
			default:
				return loadRequest{method: "POST", url: base + one(f.submitted[c]) + "/notes", token: f.agentToken, want: http.StatusCreated,
					body: []byte(`{"body":"Chased the losing provider by phone.","internal":true}`)}
			}
		}},
	}
}

type loadRequest struct {
	method, url, token string
	body               []byte
	want               int
}

// loadClient is the generator's one client: as many idle connections kept per host as
// there are goroutines, so that every request reuses a connection.
func loadClient(conns int) *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConns, tr.MaxIdleConnsPerHost, tr.MaxConnsPerHost = 2*conns, conns, conns
	return &http.Client{Transport: tr, Timeout: 30 * time.Second}
}

type loadResult struct {
	n, unexpected int
	first         string
	rps           float64
	p50, p99      time.Duration
	// cpu is the process's CPU time (user and system: server, client and all) per request:
	// on a machine whose cores others share too, a steadier measure than requests/s.
	cpu time.Duration
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// drive sends next(0), next(1), … from conns goroutines for *loadFor (or loadMaxRequests),
// after a warm-up, and measures every answer's latency.
func drive(c *http.Client, conns int, next func(int) loadRequest) loadResult {
	run := func(d time.Duration, max int64) ([]time.Duration, int, string, time.Duration) {
		var seq atomic.Int64
		var mu sync.Mutex
		var all []time.Duration
		var bad int
		var first string
		deadline := time.Now().Add(d)
		start := time.Now()
		var wg sync.WaitGroup
		for range conns {
			wg.Go(func() {
				lat := make([]time.Duration, 0, 4096)
				var myBad int
				var myFirst string
				for time.Now().Before(deadline) {
					i := seq.Add(1) - 1
					if i >= max {
						break
					}
					lr := next(int(i))
					t0 := time.Now()
					code, err := lr.do(c)
					lat = append(lat, time.Since(t0))
					if err != nil || code != lr.want {
						myBad++
						if myFirst == "" {
							myFirst = fmt.Sprintf("%s %s: %d %v", lr.method, lr.url, code, err)
						}
					}
				}
				mu.Lock()
				all = append(all, lat...)
				bad += myBad
				if first == "" {
					first = myFirst
				}
				mu.Unlock()
			})
		}
		wg.Wait()
		return all, bad, first, time.Since(start)
	}
	run(loadWarmUp, loadMaxRequests)
	cpu0 := cpuTime()
	lat, bad, first, took := run(*loadFor, loadMaxRequests)
	cpu := cpuTime() - cpu0
	slices.Sort(lat)
	r := loadResult{n: len(lat), unexpected: bad, first: first, rps: float64(len(lat)) / took.Seconds()}
	if len(lat) > 0 {
		r.cpu = cpu / time.Duration(len(lat))
	}
	if len(lat) > 0 {
		r.p50, r.p99 = lat[len(lat)/2], lat[len(lat)*99/100]
	}
	return r
}

func (lr loadRequest) do(c *http.Client) (int, error) {
	var body io.Reader
	if lr.body != nil {
		body = bytes.NewReader(lr.body)
	}
	req, err := http.NewRequest(lr.method, lr.url, body)
	if err != nil {
		return 0, err
	}
	if lr.token != "" {
		req.Header.Set("Authorization", "Bearer "+lr.token)
	}
	if lr.body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	_, err = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res.StatusCode, err
}
