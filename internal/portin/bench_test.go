package portin_test

import (
	"bytes"
	"fmt"
	"testing"

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
// engine. The commit case starts each iteration from an empty request.
func BenchmarkUpload100k(b *testing.B) {
	const rows = 100_000
	csv := uploadCSV(rows)
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
				for b.Loop() {
					b.StopTimer()
					p, err := env.PortIns.Create(ctx, c.Actor, portin.Changes{})
					if err != nil {
						b.Fatal(err)
					}
					b.StartTimer()
					res, err := env.PortIns.AddNumbers(ctx, c.Actor, p.ID, p.Version, numbering.NewRowReader(bytes.NewReader(csv), numbering.CSV), dry)
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
			})
		}
	}
}
