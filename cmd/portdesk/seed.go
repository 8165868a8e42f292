package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/seed"
)

// seedCmd fills the database with requests at a real desk's shapes, to measure lists and
// searches at size (#17).
func seedCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var c config
	var sh seed.Shape
	fs := flag.NewFlagSet("seed", flag.ContinueOnError)
	fs.SetOutput(stderr)
	bindCommon(fs, &c, getenv)
	fs.IntVar(&sh.Requests, "requests", 10_000, "port-in requests to add (orders split from a request count as requests)")
	fs.IntVar(&sh.Accounts, "accounts", 100, "customer accounts to spread them over, a few big and many small")
	fs.IntVar(&sh.NumbersPerRequest, "numbers-per-request", 2, "numbers per request, on average")
	fs.IntVar(&sh.Workers, "workers", 0, "transactions written side by side; default 2 on PostgreSQL, 1 on SQLite")
	fs.Uint64Var(&sh.Seed, "seed", 1, "the same seed gives the same requests; a second run into one database needs another")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if sh.Workers == 0 {
		sh.Workers = 1
		if strings.HasPrefix(c.DB, "postgres") {
			sh.Workers = 2
		}
	}
	a, err := openForCommand(ctx, &c, stderr)
	if err != nil {
		return err
	}
	defer func() { _ = a.close() }()
	res, err := seed.Run(ctx, a.store, sh, domain.SystemClock{}.Now())
	if err != nil {
		return fmt.Errorf("seed: %w (so far %s)", err, res)
	}
	fmt.Fprintf(stdout, "seeded %s\n", res)
	return nil
}
