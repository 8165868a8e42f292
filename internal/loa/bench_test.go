package loa

import (
	"fmt"
	"io"
	"runtime"
	"runtime/metrics"
	"sync"
	"testing"
	"time"

	"github.com/portdesk/portdesk/internal/domain"
)

// BenchmarkLOA writes a signed letter of 10 numbers (the baseline) and of 10,000, and reports
// time and peak heap (sampled while rendering) of each; compare the two in the same run:
//
//	go test -run '^$' -bench LOA -benchtime 5x ./loa
func BenchmarkLOA(b *testing.B) {
	for _, n := range []int{10, 10_000} {
		b.Run(fmt.Sprintf("numbers=%d", n), func(b *testing.B) {
			l := sample(domain.LOAUKGeographic, n)
			sig := signatureOf(b, l)
			runtime.GC()
			peak := heapPeak(func() {
				b.ResetTimer()
				for b.Loop() {
					if err := Render(io.Discard, l, sig); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
		})
	}
}

// heapPeak runs f and returns the most heap in use (live and not yet collected objects) seen
// by sampling every millisecond, above what was in use before.
func heapPeak(f func()) uint64 {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	read := func() uint64 { metrics.Read(sample); return sample[0].Value.Uint64() }
	base := read()
	var peak uint64
	var wg sync.WaitGroup
	done := make(chan struct{})
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			if v := read(); v > peak {
				peak = v
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	f()
	close(done)
	wg.Wait()
	if peak < base {
		return 0
	}
	return peak - base
}
