package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/numbering"
	"github.com/portdesk/portdesk/internal/ranges"
)

// rangesCmd imports register files into <data>/ranges, says what is there and looks numbers
// up in them. Flags may come before or after the files and numbers.
func rangesCmd(args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return fmt.Errorf("ranges needs a command: import FILE…, status, or lookup NUMBER…")
	}
	var c config
	fs := flag.NewFlagSet("ranges "+args[0], flag.ContinueOnError)
	fs.SetOutput(stderr)
	bindCommon(fs, &c, getenv)
	country := "GB"
	if args[0] == "lookup" {
		fs.StringVar(&country, "default-country", "GB", "how national formats are read: GB, US or CA")
	}
	rest, err := parseInterleaved(fs, args[1:])
	if err != nil {
		return err
	}
	assume, err := c.unknownRangeHolder()
	if err != nil {
		return err
	}
	dir := c.rangesDir()
	enc := json.NewEncoder(stdout)
	switch args[0] {
	case "import":
		return importRanges(dir, rest, enc)
	case "status":
		if len(rest) > 0 {
			return fmt.Errorf("ranges status takes no arguments, not %q", rest)
		}
		ix, err := ranges.LoadDir(dir)
		if err != nil {
			return fmt.Errorf("range data in %s: %w", dir, err)
		}
		st := ix.Status()
		if st.Blocks == 0 {
			fmt.Fprintln(stderr, noRangeData(dir, assume))
		}
		enc.SetIndent("", "  ")
		return enc.Encode(struct {
			ranges.Status
			UnknownRangeHolder domain.UKOrder `json:"unknown_range_holder"` // what a UK lead time assumes without it
		}{st, assume})
	case "lookup":
		return lookupRanges(dir, country, rest, assume, enc)
	}
	return fmt.Errorf("unknown ranges command %q: import, status or lookup", args[0])
}

// noRangeData says that there is none, what PortDesk assumes without it and how to add it.
func noRangeData(dir string, assume domain.UKOrder) string {
	return fmt.Sprintf("No range data in %s: UK range holders are unknown, so UK lead times assume a %s order. Import Ofcom, NANPA and CNAC files with: portdesk ranges import FILE…",
		dir, strings.ToUpper(string(assume)))
}

// lookupRanges says which block holds each number. Every input is read first: one that is
// not a number stops the command before anything is written.
func lookupRanges(dir, country string, inputs []string, assume domain.UKOrder, enc *json.Encoder) error {
	if len(inputs) == 0 {
		return fmt.Errorf("name one or more numbers to look up")
	}
	numbers := make([]string, len(inputs))
	var bad []string
	for i, in := range inputs {
		n, err := numbering.NewParser().E164ForLookup(in, domain.Country(strings.ToUpper(country)))
		var de *domain.Error
		if errors.As(err, &de) {
			bad = append(bad, strings.TrimSuffix(de.Message, "."))
		} else if err != nil {
			bad = append(bad, err.Error())
		}
		numbers[i] = n
	}
	if len(bad) > 0 {
		return fmt.Errorf("nothing looked up: %s", strings.Join(bad, "; "))
	}
	ix, err := ranges.LoadDir(dir)
	if err != nil {
		return fmt.Errorf("range data in %s: %w", dir, err)
	}
	if ix.Len() == 0 {
		return errors.New(noRangeData(dir, assume))
	}
	for i, n := range numbers {
		b, ok := ix.Lookup(n)
		out := map[string]any{"number": inputs[i], "e164": n, "found": ok, "prefix": b.Prefix, "status": b.Status,
			"in_service": ok && b.InService(), "holder": b.Holder, "area": b.Area, "source": b.Source}
		if !ok {
			out["note"] = notFound(ix, n)
		}
		if err := enc.Encode(out); err != nil {
			return err
		}
	}
	return nil
}

// notFound says why no block was found: the register for the number's country is not
// loaded, or it has no block for the number.
func notFound(ix *ranges.Index, e164 string) string {
	var srcs []ranges.Source
	switch {
	case strings.HasPrefix(e164, "+44"):
		srcs = []ranges.Source{ranges.SourceOfcom}
	case strings.HasPrefix(e164, "+1"):
		srcs = []ranges.Source{ranges.SourceNANPA, ranges.SourceNANPABlock, ranges.SourceCNAC}
	default:
		return "no register PortDesk reads covers this country"
	}
	for _, s := range srcs {
		if ix.Blocks(s) > 0 {
			return "the range data loaded has no block for this number"
		}
	}
	names := make([]string, len(srcs))
	for i, s := range srcs {
		names[i] = string(s)
	}
	return "no " + strings.Join(names, ", ") + " data is loaded"
}

// parseInterleaved parses flags wherever they are among the arguments (the flag package stops
// at the first argument), so "lookup +44… --data d" works as "lookup --data d +44…". After
// "--" everything is an argument.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		left := fs.Args()
		if len(left) == 0 {
			return rest, nil
		}
		if n := len(args) - len(left); n > 0 && args[n-1] == "--" {
			return append(rest, left...), nil
		}
		rest = append(rest, left[0])
		args = left[1:]
	}
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
	// The copy keeps the file's date: it says how old the register is (ranges status).
	if info, err := in.Stat(); err == nil {
		if err := os.Chtimes(tmp, info.ModTime(), info.ModTime()); err != nil {
			return err
		}
	}
	return os.Rename(tmp, to) // a reader never sees half a file
}
