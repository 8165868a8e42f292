package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/numbering"
	"github.com/portdesk/portdesk/internal/portability"
	"github.com/portdesk/portdesk/internal/portin"
	"github.com/portdesk/portdesk/internal/ranges"
)

// maxCheckRows is how many numbers one check run takes.
const maxCheckRows = 1_000_000

// check runs portability checks on a list from a file or stdin, against the database's
// agreements, open ports and inventory and the imported range data.
func check(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	var c config
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	bindCommon(fs, &c, getenv)
	format := fs.String("format", "csv", "output: csv, json (one array) or ndjson (one object a line)")
	country := fs.String("default-country", "GB", "how national formats are read: GB, US or CA")
	losing := fs.String("losing-provider", "", "the provider the numbers are with now, as on the bill")
	account := fs.Int64("account", 0, "check conflicts against this account's inventory and routing")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if _, err := portability.NewResultWriter(io.Discard, portability.Format(*format)); err != nil {
		return fmt.Errorf("--format: %w", err) // before the list is read
	}
	in, size, closeIn, err := checkInput(fs.Args(), stdin)
	if err != nil {
		return err
	}
	defer closeIn()

	a, err := openForCommand(ctx, &c, stderr)
	if err != nil {
		return err
	}
	defer func() { _ = a.close() }()
	ix, err := ranges.LoadDir(c.rangesDir())
	if err != nil {
		return fmt.Errorf("range data: %w", err)
	}
	a.ranges.Swap(ix)
	if ix.Len() == 0 {
		assume, _ := c.unknownRangeHolder() // checked when the app was opened
		fmt.Fprintln(stderr, noRangeData(c.rangesDir(), assume))
	}
	if err := a.app.Team.SeedDefaults(ctx); err != nil {
		return err
	}

	counted := &countingReader{r: in}
	rows := numbering.NewRowReader(counted, numbering.CSV)
	rows.SetMaxRows(maxCheckRows)
	out := bufio.NewWriterSize(stdout, 64<<10)
	defer out.Flush()
	w, err := portability.NewResultWriter(out, portability.Format(*format))
	if err != nil {
		return err
	}
	bar := newProgress(stderr, size, counted)
	err = a.app.PortIns.CheckStream(ctx, desk.System(), portin.CheckRequest{AccountID: *account, DefaultCountry: *country, LosingProvider: *losing}, rows,
		func(ch domain.Check) error {
			bar.tick()
			return w.Write(ch)
		})
	bar.done()
	if err != nil {
		return err
	}
	return w.Close()
}

// checkInput opens the list: a file, or stdin for "-" or no argument.
func checkInput(args []string, stdin io.Reader) (io.Reader, int64, func(), error) {
	if len(args) > 1 {
		return nil, 0, nil, fmt.Errorf("check takes one file (or - for stdin)")
	}
	if len(args) == 0 || args[0] == "-" {
		if stdin == nil {
			return nil, 0, nil, fmt.Errorf("no input: name a file or pipe a list to stdin")
		}
		return stdin, 0, func() {}, nil
	}
	f, err := os.Open(args[0])
	if err != nil {
		return nil, 0, nil, err
	}
	var size int64
	if st, err := f.Stat(); err == nil {
		size = st.Size()
	}
	return f, size, func() { f.Close() }, nil
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// progress draws a bar on stderr when it is a terminal; redirected, it stays silent.
type progress struct {
	w     io.Writer
	on    bool
	size  int64
	read  *countingReader
	n     int
	start time.Time
	last  time.Time
}

func newProgress(w io.Writer, size int64, read *countingReader) *progress {
	f, ok := w.(*os.File)
	on := false
	if ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			on = true
		}
	}
	now := time.Now()
	return &progress{w: w, on: on, size: size, read: read, start: now, last: now}
}

func (p *progress) tick() {
	p.n++
	if !p.on || p.n%1000 != 0 {
		return
	}
	now := time.Now()
	if now.Sub(p.last) < 100*time.Millisecond {
		return
	}
	p.last = now
	p.draw(now)
}

func (p *progress) draw(now time.Time) {
	rate := float64(p.n) / max(now.Sub(p.start).Seconds(), 0.001)
	if p.size > 0 {
		frac := min(float64(p.read.n)/float64(p.size), 1)
		const width = 30
		filled := int(frac * width)
		bar := make([]byte, width)
		for i := range bar {
			bar[i] = ' '
			if i < filled {
				bar[i] = '='
			}
		}
		fmt.Fprintf(p.w, "\r[%s] %3.0f%%  %d numbers  %.0f/s ", bar, frac*100, p.n, rate)
		return
	}
	fmt.Fprintf(p.w, "\r%d numbers  %.0f/s ", p.n, rate)
}

func (p *progress) done() {
	if p.on {
		p.draw(time.Now())
		fmt.Fprintln(p.w)
	}
}
