// Command portdesk runs the PortDesk number-porting desk. It only parses configuration and
// wires the packages together; everything it runs lives in them.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

const usage = `PortDesk: the number-porting desk.

Usage:
  portdesk serve   [flags]   run the web UI, REST API and background jobs
  portdesk migrate [flags]   apply database migrations and exit
  portdesk admin create-account --name N [--parent ID] [--country GB|US|CA]
  portdesk admin create-user --account ID --email E --role admin|member [--password P]
  portdesk admin create-user --staff --email E --role agent|admin [--password P]
  portdesk admin create-token --email E [--name N]
  portdesk ranges import FILE…   Ofcom, NANPA or CNAC number-range files, into <data>/ranges
  portdesk ranges lookup NUMBER…  who a number's block was allocated to
  portdesk ranges status          the range data loaded: files, blocks, each register's date
  portdesk check [flags] [FILE|-]  portability of every number in a CSV/TXT list (up to
                                   1,000,000), as CSV or JSON on stdout
  portdesk seed [--requests N] [--accounts A] [--numbers-per-request 2]
                                 add N requests at a real desk's shapes (measuring at size)

Every command takes --data and --db (or PORTDESK_DATA, PORTDESK_DB); run
"portdesk serve -h" for the rest.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "portdesk:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("no command given")
	}
	switch args[0] {
	case "serve":
		return serve(ctx, args[1:], getenv, stdout, stderr)
	case "migrate":
		return migrate(ctx, args[1:], getenv, stdout, stderr)
	case "admin":
		return admin(ctx, args[1:], getenv, stdout, stderr)
	case "ranges":
		return rangesCmd(args[1:], getenv, stdout, stderr)
	case "seed":
		return seedCmd(ctx, args[1:], getenv, stdout, stderr)
	case "check":
		return check(ctx, args[1:], getenv, stdin, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("unknown command %q", args[0])
}
