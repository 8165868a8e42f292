package portin_test

import (
	"bytes"
	"testing"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/numbering"
	"github.com/portdesk/portdesk/internal/portin"
)

// maxUploadHeapGrowth is what a preview of the largest upload may add to the heap at its
// peak (issue #17): its rows' results, one batch of checks and the garbage between two
// collections.
const maxUploadHeapGrowth = 150 << 20

// TestUploadPeakHeap previews a 100,000-row CSV and holds the heap's peak growth to
// maxUploadHeapGrowth. Before the classifier read the rows, a preview allocated 1.26 GB in
// all and peaked 92 MB above where it started; the bound is on the peak, which is what a
// server running several uploads at once must have room for. Not parallel: the heap is the
// process's, and other tests would move it.
func TestUploadPeakHeap(t *testing.T) {
	if testing.Short() {
		t.Skip("a 100,000-row upload is slow to check")
	}
	if raceDetector {
		// The race detector changes what the heap holds: CI runs this probe in its own step
		// without it.
		t.Skip("a memory probe: run without -race")
	}
	const rows = 100_000
	csv := uploadCSV(rows)
	env := desktest.New(t, desktest.SQLite)
	c := env.NewCustomer(t, "Bench", 0, domain.CountryGB)
	p, err := env.PortIns.Create(ctx, c.Actor, portin.Changes{})
	if err != nil {
		t.Fatal(err)
	}
	var res portin.NumbersResult
	growth := heapPeak(t, nil, func() {
		res, err = env.PortIns.AddNumbers(ctx, c.Actor, p.ID, 0, numbering.NewRowReader(bytes.NewReader(csv), numbering.CSV), true)
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.Added != rows || len(res.Rows) != rows {
		t.Fatalf("previewed %d rows, %d to add; want %d", len(res.Rows), res.Added, rows)
	}
	t.Logf("preview of %d rows: peak heap growth %.1f MB", rows, float64(growth)/1e6)
	if growth > maxUploadHeapGrowth {
		t.Errorf("a preview of %d rows grew the heap by %d MiB at its peak, over %d MiB", rows, growth>>20, maxUploadHeapGrowth>>20)
	}
}
