package main

import (
	"context"
	"flag"
	"fmt"
	"io"
)

func migrate(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var c config
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	bindCommon(fs, &c, getenv)
	if err := fs.Parse(args); err != nil {
		return err
	}
	a, err := openForCommand(ctx, &c, stderr)
	if err != nil {
		return err
	}
	defer func() { _ = a.close() }()
	fmt.Fprintln(stdout, `{"migrated":true}`)
	return nil
}
