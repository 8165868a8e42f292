package api

import (
	"bufio"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"runtime/metrics"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
)

// BenchmarkStreamMillionChecks sends a CSV of 1,000,000 numbers to POST
// /api/v1/portability-checks over loopback, generated as it is sent, and reads the NDJSON
// answer as it arrives; the baseline in the same run is the same stream of 100,000. It
// reports numbers per second and the peak live heap (as of each GC) above what was live
// before: a bounded stream keeps a batch, not the list, so a list ten times longer should
// peak about the same.
func BenchmarkStreamMillionChecks(b *testing.B) {
	env := desktest.New(b, desktest.SQLite)
	cust := env.NewCustomer(b, "Acme", 0, domain.CountryGB)
	srv := httptest.NewServer(New(env.App, Options{}))
	b.Cleanup(srv.Close)
	for b.Loop() {
		rate100k, peak100k, _ := streamChecks(b, srv.URL, cust.Token, 100_000)
		rate, peak, size := streamChecks(b, srv.URL, cust.Token, 1_000_000)
		b.ReportMetric(rate100k, "numbers/s-100k")
		b.ReportMetric(rate, "numbers/s-1M")
		b.ReportMetric(peak100k/(1<<20), "live-heap-MiB-100k")
		b.ReportMetric(peak/(1<<20), "live-heap-MiB-1M")
		b.ReportMetric(size/(1<<20), "list-MiB-1M")
		b.ReportMetric(peak/peak100k, "heap-ratio-1M/100k")
	}
}

func liveHeap() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// streamChecks streams n numbers through and returns numbers/s, the peak live-heap growth
// and the bytes sent.
func streamChecks(b *testing.B, base, token string, n int) (rate, peakGrowth, sentBytes float64) {
	{
		runtime.GC()
		before := liveHeap()
		var peak atomic.Uint64
		stop := make(chan struct{})
		var wg sync.WaitGroup
		wg.Add(1)
		go func() { // sample the heap while the stream runs
			defer wg.Done()
			t := time.NewTicker(20 * time.Millisecond)
			defer t.Stop()
			for {
				if h := liveHeap(); h > peak.Load() {
					peak.Store(h)
				}
				select {
				case <-stop:
					return
				case <-t.C:
				}
			}
		}()
		pr, pw := io.Pipe()
		cw := &countWriter{w: pw}
		go func() {
			w := bufio.NewWriter(cw)
			w.WriteString("number\n")
			for i := range n {
				// GB geographic and mobile numbers and US numbers, in national format.
				switch i % 3 {
				case 0:
					fmt.Fprintf(w, "0113 496 %04d\n", i%10000)
				case 1:
					fmt.Fprintf(w, "07912 %06d\n", i%1000000)
				default:
					fmt.Fprintf(w, "+1 201 555 %04d\n", i%10000)
				}
			}
			w.Flush()
			pw.Close()
		}()
		req, _ := http.NewRequest("POST", base+"/api/v1/portability-checks", pr)
		req.Header.Set("Content-Type", "text/csv")
		req.Header.Set("Authorization", "Bearer "+token)
		start := time.Now()
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		lines := 0
		sc := bufio.NewScanner(res.Body)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			lines++
		}
		res.Body.Close()
		elapsed := time.Since(start)
		close(stop)
		wg.Wait()
		if res.StatusCode != 200 || lines != n {
			b.Fatalf("status %d, %d lines", res.StatusCode, lines)
		}
		runtime.GC() // the last GC's live heap counts too
		if h := liveHeap(); h > peak.Load() {
			peak.Store(h)
		}
		return float64(n) / elapsed.Seconds(), float64(peak.Load()) - float64(before), float64(cw.n.Load())
	}
}

type countWriter struct {
	w io.Writer
	n atomic.Int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n.Add(int64(n))
	return n, err
}
