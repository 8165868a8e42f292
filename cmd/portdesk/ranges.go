package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/portdesk/portdesk/internal/ranges"
)

// rangesCmd imports register files into <data>/ranges and looks numbers up in them.
func rangesCmd(args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return fmt.Errorf("ranges needs a command: import FILE… or lookup NUMBER…")
	}
	var c config
	fs := flag.NewFlagSet("ranges "+args[0], flag.ContinueOnError)
	fs.SetOutput(stderr)
	bindCommon(fs, &c, getenv)
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	dir := c.rangesDir()
	enc := json.NewEncoder(stdout)
	switch args[0] {
	case "import":
		return importRanges(dir, fs.Args(), enc)
	case "lookup":
		ix, err := ranges.LoadDir(dir)
		if err != nil {
			return err
		}
		for _, n := range fs.Args() {
			b, ok := ix.Lookup(n)
			if err := enc.Encode(map[string]any{"number": n, "found": ok, "prefix": b.Prefix, "status": b.Status,
				"in_service": ok && b.InService(), "holder": b.Holder, "area": b.Area, "source": b.Source}); err != nil {
				return err
			}
		}
		return nil
	}
	return fmt.Errorf("unknown ranges command %q", args[0])
}

type imported struct {
	File      string        `json:"file"`
	Source    ranges.Source `json:"source"`
	Blocks    int           `json:"blocks"`
	InService int           `json:"in_service"`
	StoredAs  string        `json:"stored_as"`
}

// importRanges checks every file before storing any, so a bad file leaves the data as it was.
func importRanges(dir string, files []string, enc *json.Encoder) error {
	if len(files) == 0 {
		return fmt.Errorf("name one or more register files to import")
	}
	var done []imported
	for _, path := range files {
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		im := imported{File: path}
		im.Source, err = ranges.Read(f, func(b ranges.Block) error {
			im.Blocks++
			if b.InService() {
				im.InService++
			}
			return nil
		})
		f.Close()
		if err != nil {
			return fmt.Errorf("%s: %w (nothing was imported)", path, err)
		}
		done = append(done, im)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	// Files load in name order and later blocks win: a timestamp first keeps the newest last.
	stamp := time.Now().UTC().Format("20060102T150405")
	for i := range done {
		im := &done[i]
		im.StoredAs = filepath.Join(dir, fmt.Sprintf("%s-%02d-%s-%s", stamp, i, im.Source, filepath.Base(im.File)))
		if err := copyFile(im.File, im.StoredAs); err != nil {
			return err
		}
		if err := enc.Encode(im); err != nil {
			return err
		}
	}
	return nil
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	tmp := to + ".tmp"
	out, err := os.OpenFile(tmp, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, to) // a reader never sees half a file
}
