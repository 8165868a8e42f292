package portin_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"runtime"
	"runtime/metrics"
	"sync"
	"testing"
	"time"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/numbering"
	"github.com/portdesk/portdesk/internal/portin"
)

// uploadCSV builds a 100,000-row upload in the seed's columns, every number distinct and
// valid (Leeds, 0113 2xx xxxx).
func uploadCSV(rows int) []byte {
	var b bytes.Buffer
	b.WriteString("number to port,receiving number,tracking source,account name\n")
	for i := range rows {
		fmt.Fprintf(&b, "+44113%07d,+441614960000,Campaign %d,Bench\n", 2000000+i, i%50)
	}
	return b.Bytes()
}

// BenchmarkUpload100k measures a 100,000-row CSV upload, preview (dry run) and commit, on each
// engine, against a baseline in the same run: reading the same file with the streaming reader
// alone. Each case reports its time as a multiple of the baseline's (x-read), the peak heap
// growth of one upload (peak-heap-MB, sampled, not total allocations) and the CPU time this
// process spent on one (cpu-ms, which other programs on a busy machine do not inflate;
// PostgreSQL's own work is not in it). The commit case starts each iteration from an empty
// request.
//
//	PORTDESK_TEST_POSTGRES_URL=… go test -run='^$' -bench=Upload100k -benchtime=3x -benchmem ./internal/portin
func BenchmarkUpload100k(b *testing.B) {
	const rows = 100_000
	csv := uploadCSV(rows)
	var baseline float64 // ns per read of the file, from the first case
	ratio := func(b *testing.B) {
		if baseline > 0 && b.N > 0 {
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/baseline, "x-read")
		}
	}
	b.Run("read", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(csv)))
		var peak uint64
		var cpu time.Duration
		for b.Loop() {
			peak = max(peak, heapPeak(b, &cpu, func() {
				src := numbering.NewRowReader(bytes.NewReader(csv), numbering.CSV)
				n := 0
				for {
					_, err := src.Next()
					if errors.Is(err, io.EOF) {
						break
					}
					if err != nil {
						b.Fatal(err)
					}
					n++
				}
				if n != rows {
					b.Fatalf("read %d rows of %d", n, rows)
				}
			}))
		}
		baseline = float64(b.Elapsed().Nanoseconds()) / float64(b.N)
		b.ReportMetric(float64(peak)/1e6, "peak-heap-MB")
		b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "cpu-ms")
	})
	for _, engine := range []string{desktest.SQLite, desktest.Postgres} {
		for _, dry := range []bool{true, false} {
			name := engine + "/commit"
			if dry {
				name = engine + "/preview"
			}
			b.Run(name, func(b *testing.B) {
				env := desktest.New(b, engine)
				c := env.NewCustomer(b, "Bench", 0, domain.CountryGB)
				b.ReportAllocs()
				b.SetBytes(int64(len(csv)))
				var peak uint64
				var cpu time.Duration
				for b.Loop() {
					b.StopTimer()
					p, err := env.PortIns.Create(ctx, c.Actor, portin.Changes{})
					if err != nil {
						b.Fatal(err)
					}
					var res portin.NumbersResult
					b.StartTimer()
					peak = max(peak, heapPeak(b, &cpu, func() {
						res, err = env.PortIns.AddNumbers(ctx, c.Actor, p.ID, p.Version, numbering.NewRowReader(bytes.NewReader(csv), numbering.CSV).Sized(int64(len(csv))), dry)
					}))
					if err != nil {
						b.Fatal(err)
					}
					if res.Added != rows {
						b.Fatalf("added %d of %d (first row: %+v)", res.Added, rows, res.Rows[0])
					}
					b.StopTimer()
					// Cancel so the next iteration may hold the same numbers.
					if _, err := env.PortIns.Cancel(ctx, c.Actor, p.ID, res.Version, "benchmark"); err != nil {
						b.Fatal(err)
					}
					b.StartTimer()
				}
				ratio(b)
				b.ReportMetric(float64(peak)/1e6, "peak-heap-MB")
				b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "cpu-ms")
			})
		}
	}
}

// heapPeak runs f and returns by how much the heap in use (live and not yet collected
// objects) rose at most while it ran, sampled every millisecond from a settled heap: the
// high-water mark an upload needs, not what it allocated in all. The process's CPU time in f
// is added to cpu when it is not nil. In a benchmark the collection before f is outside the
// timer.
func heapPeak(tb testing.TB, cpu *time.Duration, f func()) uint64 {
	if b, ok := tb.(*testing.B); ok {
		b.StopTimer()
		defer b.StartTimer()
	}
	runtime.GC()
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	read := func() uint64 { metrics.Read(sample); return sample[0].Value.Uint64() }
	base := read()
	peak := base
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			peak = max(peak, read())
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	})
	if b, ok := tb.(*testing.B); ok {
		b.StartTimer()
	}
	started := processCPU()
	f()
	if cpu != nil {
		*cpu += processCPU() - started
	}
	if b, ok := tb.(*testing.B); ok {
		b.StopTimer()
	}
	close(done)
	wg.Wait()
	peak = max(peak, read())
	return peak - base
}
