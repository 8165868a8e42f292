package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestRangesStatus: a fresh install says it has no range data and what it assumes without;
// an import keeps each file's date, so the status says how old each register is.
func TestRangesStatus(t *testing.T) {
	t.Parallel()
	type status struct {
		Dir       string
		Blocks    int
		Registers []struct {
			Register      string
			Files, Blocks int
			Dated         time.Time
		}
		Files []struct {
			Name, Register string
			Blocks         int
			Dated          time.Time
		}
		UnknownRangeHolder string `json:"unknown_range_holder"`
	}
	getStatus := func(t *testing.T, env map[string]string, args ...string) (status, string, error) {
		t.Helper()
		var out, errOut bytes.Buffer
		err := run(context.Background(), append([]string{"ranges", "status"}, args...), func(k string) string { return env[k] }, nil, &out, &errOut)
		var st status
		if err == nil {
			if jerr := json.Unmarshal(out.Bytes(), &st); jerr != nil {
				t.Fatalf("status output: %v\n%s", jerr, out.String())
			}
		}
		return st, errOut.String(), err
	}

	dir := t.TempDir()
	st, told, err := getStatus(t, nil, "--data", dir)
	if err != nil || st.Blocks != 0 || len(st.Registers) != 4 || len(st.Files) != 0 || st.UnknownRangeHolder != "sup" ||
		!strings.Contains(told, "No range data in "+filepath.Join(dir, "ranges")) || !strings.Contains(told, "assume a SUP order") {
		t.Fatalf("fresh install: %v %+v\n%s", err, st, told)
	}
	if st, told, err := getStatus(t, map[string]string{"PORTDESK_UNKNOWN_RANGE_HOLDER": "pro"}, "--data", dir); err != nil || st.UnknownRangeHolder != "pro" || !strings.Contains(told, "assume a PRO order") {
		t.Fatalf("PRO chosen: %v %+v %s", err, st, told)
	}
	if _, _, err := getStatus(t, nil, "--data", dir, "--unknown-range-holder", "maybe"); err == nil || !strings.Contains(err.Error(), "--unknown-range-holder") {
		t.Fatalf("a bad choice: %v", err)
	}

	// The file as downloaded, dated by its publisher.
	published := time.Date(2026, 5, 4, 6, 0, 0, 0, time.UTC)
	src, err := os.ReadFile("../../internal/ranges/testdata/ofcom_s1_sample.csv")
	if err != nil {
		t.Fatal(err)
	}
	s1 := filepath.Join(t.TempDir(), "S1.csv")
	if err := os.WriteFile(s1, src, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(s1, published, published); err != nil {
		t.Fatal(err)
	}
	runCLI(t, "ranges", "import", s1, "--data", dir) // flags after the files
	st, told, err = getStatus(t, nil, "--data", dir)
	if err != nil || told != "" || st.Blocks != 5 || len(st.Files) != 1 || !st.Files[0].Dated.Equal(published) || st.Files[0].Register != "ofcom" {
		t.Fatalf("after import: %v %+v\n%s", err, st, told)
	}
	for _, r := range st.Registers {
		want := r.Register == "ofcom"
		if want != (r.Blocks == 5 && r.Files == 1 && r.Dated.Equal(published)) || !want && (r.Blocks != 0 || !r.Dated.IsZero()) {
			t.Errorf("register %+v", r)
		}
	}
}

// TestRangesLookup: the lookup says when there is no data at all, refuses what is not a
// number before looking anything up, reads national formats, takes flags after the numbers,
// and says why a number was not found.
func TestRangesLookup(t *testing.T) {
	t.Parallel()
	empty, dir := t.TempDir(), t.TempDir()
	runCLI(t, "ranges", "import", "--data", dir, "../../internal/ranges/testdata/ofcom_s1_sample.csv")
	tests := []struct {
		name string
		args []string
		err  string   // part of the error; empty: no error
		want []string // in the output, in order
	}{
		{"no data at all", []string{"--data", empty, "+441134960000"}, "No range data in " + filepath.Join(empty, "ranges"), nil},
		{"not a number", []string{"--data", dir, "+441134960000", "hello"}, `nothing looked up: "hello" is not a phone number`, nil},
		{"too short", []string{"--data", dir, "0113"}, "too few digits", nil},
		{"nothing named", []string{"--data", dir}, "name one or more numbers", nil},
		{"flags after the numbers", []string{"+441134960000", "0113 496 1234", "--data", dir}, "",
			[]string{`"e164":"+441134960000","found":true,"holder":"BT"`, `"e164":"+441134961234","found":true,"holder":"Gamma Telecom Holdings Ltd"`}},
		{"national formats in the country named", []string{"(201) 555-0123", "--default-country", "US", "--data", dir}, "",
			[]string{`"e164":"+12015550123","found":false,"holder":"","in_service":false,"note":"no nanpa, nanpa_block, cnac data is loaded"`}},
		{"no block in the data loaded", []string{"--data", dir, "+441214960000"}, "",
			[]string{`"found":false,"holder":"","in_service":false,"note":"the range data loaded has no block for this number"`}},
		{"a country no register covers", []string{"--data", dir, "+33 1 42 68 53 00"}, "",
			[]string{`"note":"no register PortDesk reads covers this country"`}},
		{"after --, an argument", []string{"--data", dir, "--", "--data"}, `"--data" is not a phone number`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var out, errOut bytes.Buffer
			err := run(context.Background(), append([]string{"ranges", "lookup"}, tt.args...), noEnv, nil, &out, &errOut)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) || out.Len() != 0 {
					t.Fatalf("got %v, want an error saying %q and no output; output:\n%s", err, tt.err, out.String())
				}
				return
			}
			if err != nil {
				t.Fatalf("%v\n%s", err, errOut.String())
			}
			lines := strings.Split(strings.TrimSpace(out.String()), "\n")
			if len(lines) != len(tt.want) {
				t.Fatalf("%d lines, want %d:\n%s", len(lines), len(tt.want), out.String())
			}
			for i, w := range tt.want {
				if !strings.Contains(compact(t, lines[i]), w) {
					t.Errorf("line %d lacks %s:\n%s", i+1, w, lines[i])
				}
			}
		})
	}
}

// compact re-encodes a JSON line with its keys in order, so tests can look for runs of fields.
func compact(t *testing.T, line string) string {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(line), &m); err != nil {
		t.Fatalf("%v: %s", err, line)
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var b strings.Builder
	b.WriteString("{")
	for i, k := range keys {
		if i > 0 {
			b.WriteString(",")
		}
		kb, _ := json.Marshal(k)
		vb, _ := json.Marshal(m[k])
		b.Write(kb)
		b.WriteString(":")
		b.Write(vb)
	}
	b.WriteString("}")
	return b.String()
}

func TestParseInterleaved(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args, want []string
		data       string
	}{
		{[]string{"a", "--data", "d", "b"}, []string{"a", "b"}, "d"},
		{[]string{"--data=d", "a"}, []string{"a"}, "d"},
		{[]string{"a", "b"}, []string{"a", "b"}, ""},
		{[]string{"a", "--", "--data", "x"}, []string{"a", "--data", "x"}, ""},
		{nil, nil, ""},
	}
	for _, tt := range tests {
		fs := flag.NewFlagSet("t", flag.ContinueOnError)
		data := fs.String("data", "", "")
		got, err := parseInterleaved(fs, tt.args)
		if err != nil || !slices.Equal(got, tt.want) || *data != tt.data {
			t.Errorf("%q: %q, data %q, %v", tt.args, got, *data, err)
		}
	}
}

// The check command on a fresh install says, once, that it has no range data to go on.
func TestCheckCommandWithoutRangeData(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"check", "--data", dir, "--format", "ndjson", "-"}, noEnv, strings.NewReader("0113 496 0001\n"), &out, &errOut); err != nil {
		t.Fatal(err, errOut.String())
	}
	var res map[string]any
	if err := json.Unmarshal(out.Bytes(), &res); err != nil || res["lead_time_assumes"] != "sup" || !strings.Contains(res["message"].(string), "Range holder unknown") {
		t.Fatalf("result: %v %s", err, out.String())
	}
	if told := errOut.String(); strings.Count(told, "No range data in") != 1 {
		t.Fatalf("stderr: %q", told)
	}
}
