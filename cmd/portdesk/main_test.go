package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"flag"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/portdesk/portdesk/internal/desktest"
)

func noEnv(string) string { return "" }

// runCLI runs one command to completion and returns its stdout.
func runCLI(t *testing.T, args ...string) []byte {
	t.Helper()
	var out, errOut bytes.Buffer
	if err := run(context.Background(), args, noEnv, strings.NewReader(""), &out, &errOut); err != nil {
		t.Fatalf("portdesk %s: %v\n%s", strings.Join(args, " "), err, errOut.String())
	}
	return out.Bytes()
}

// TestServeEndToEnd starts the real product on an empty data directory, as `go run
// ./cmd/portdesk serve --demo` does, and drives it over loopback.
func TestServeEndToEnd(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--data", dir, "--demo", "--log-level", "warn", "--ranges-poll", "50ms"}, noEnv, nil, pw, io.Discard)
		pw.Close()
	}()

	var base, password string
	sc := bufio.NewScanner(pr)
	for sc.Scan() && (base == "" || password == "") {
		line := strings.TrimSpace(sc.Text())
		if i := strings.Index(line, "http://"); i >= 0 && strings.HasSuffix(line, "/login") {
			base = strings.TrimSuffix(line[i:], "/login")
		}
		if strings.HasPrefix(line, "password:") && password == "" {
			password = strings.Fields(line)[1]
		}
	}
	go func() { _, _ = io.Copy(io.Discard, pr) }()
	if base == "" || password == "" {
		cancel()
		t.Fatalf("serve did not print the login URL and password (err %v)", <-done)
	}

	get := func(path, token string) (int, []byte) {
		req, _ := http.NewRequest("GET", base+path, nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, b
	}
	for _, p := range []string{"/healthz", "/readyz", "/login", "/api/v1/openapi.json"} {
		if code, body := get(p, ""); code != 200 {
			t.Errorf("GET %s = %d %s", p, code, body)
		}
	}
	if code, _ := get("/api/v1/port-ins", ""); code != http.StatusUnauthorized {
		t.Errorf("unauthenticated API = %d", code)
	}

	// The admin commands work on the same data directory while the server runs.
	var acc struct{ ID int64 }
	if err := json.Unmarshal(runCLI(t, "admin", "create-account", "--data", dir, "--name", "Cli Co", "--country", "US"), &acc); err != nil || acc.ID == 0 {
		t.Fatalf("create-account: %v %+v", err, acc)
	}
	runCLI(t, "admin", "create-user", "--data", dir, "--account", itoa(acc.ID), "--email", "ops@cli.example", "--role", "admin", "--password", "long enough password")
	var tok struct{ Token string }
	if err := json.Unmarshal(runCLI(t, "admin", "create-token", "--data", dir, "--email", "demo@portdesk.local"), &tok); err != nil || tok.Token == "" {
		t.Fatalf("create-token: %v", err)
	}
	code, body := get("/api/v1/port-ins", tok.Token)
	if code != 200 {
		t.Fatalf("list = %d %s", code, body)
	}
	var list struct{ Data []map[string]any }
	if err := json.Unmarshal(body, &list); err != nil || len(list.Data) != 2 {
		t.Fatalf("demo requests: %v %s", err, body)
	}
	// The demo's port-out waits for the team with its failed PIN check.
	code, body = get("/api/v1/port-outs", tok.Token)
	var outs struct {
		Data []struct {
			Status      string   `json:"status"`
			FailedCodes []string `json:"failed_codes"`
		}
	}
	if err := json.Unmarshal(body, &outs); code != 200 || err != nil || len(outs.Data) != 1 || outs.Data[0].Status != "pending" ||
		len(outs.Data[0].FailedCodes) != 1 || outs.Data[0].FailedCodes[0] != "pin" {
		t.Fatalf("demo port-outs: %d %v %s", code, err, body)
	}
	// Range data imported while the server runs is in use without a restart.
	check := func() string {
		req, _ := http.NewRequest("POST", base+"/api/v1/portability-checks", strings.NewReader(`{"numbers":["+441134960001"]}`))
		req.Header.Set("Authorization", "Bearer "+tok.Token)
		req.Header.Set("Content-Type", "application/json")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var out struct {
			Results []struct {
				RangeHolder string `json:"range_holder"`
			}
		}
		if err := json.NewDecoder(res.Body).Decode(&out); err != nil || len(out.Results) != 1 {
			t.Fatalf("check: %d %v", res.StatusCode, err)
		}
		return out.Results[0].RangeHolder
	}
	if h := check(); h != "" {
		t.Fatalf("range holder %q before any import", h)
	}
	// Ready without range data, saying there is none.
	if code, body := get("/readyz", ""); code != 200 || !bytes.Contains(body, []byte("range data: none loaded")) {
		t.Errorf("readyz before import = %d %s", code, body)
	}
	runCLI(t, "ranges", "import", "--data", dir, "../../internal/ranges/testdata/ofcom_s1_sample.csv")
	holder := ""
	desktest.Poll(10*time.Second, func() bool { holder = check(); return holder != "" }) // the server looks every 50 ms
	if holder != "BT" {
		t.Fatalf("range holder after import: %q", holder)
	}
	if code, body := get("/metrics", ""); code != 200 || !bytes.Contains(body, []byte("portdesk_http_requests_total")) {
		t.Errorf("metrics = %d", code)
	}
	if _, body := get("/metrics", ""); !bytes.Contains(body, []byte(`portdesk_range_blocks{register="ofcom"} 5`)) || !bytes.Contains(body, []byte(`portdesk_range_register_date_seconds{register="ofcom"}`)) {
		t.Errorf("metrics lack the range data:\n%s", body)
	}
	if code, body := get("/readyz", ""); code != 200 || !bytes.Contains(body, []byte("range data: ofcom 5 blocks from 1 file dated")) {
		t.Errorf("readyz after import = %d %s", code, body)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve returned %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not shut down")
	}
}

func TestAdminErrorsNameTheFlag(t *testing.T) {
	dir := t.TempDir()
	var out, errOut bytes.Buffer
	err := run(context.Background(), []string{"admin", "create-user", "--data", dir, "--email", "not-an-email", "--role", "boss"}, noEnv, nil, &out, &errOut)
	if err == nil || !strings.Contains(err.Error(), "email") || !strings.Contains(err.Error(), "role") {
		t.Fatalf("got %v", err)
	}
}

func TestFlagsOverrideEnvironment(t *testing.T) {
	t.Parallel()
	env := map[string]string{"PORTDESK_ADDR": "127.0.0.1:9999", "PORTDESK_DATA": "/env/data", "PORTDESK_DEMO": "true"}
	getenv := func(k string) string { return env[k] }
	tests := []struct {
		args     []string
		addr     string
		data     string
		demoWant bool
	}{
		{nil, "127.0.0.1:9999", "/env/data", true},
		{[]string{"--addr", "127.0.0.1:1"}, "127.0.0.1:1", "/env/data", true},
		{[]string{"--data", "/flag", "--demo=false"}, "127.0.0.1:9999", "/flag", false},
	}
	for _, tt := range tests {
		var c config
		fs := flag.NewFlagSet("serve", flag.ContinueOnError)
		bindServe(fs, &c, getenv)
		if err := fs.Parse(tt.args); err != nil {
			t.Fatal(err)
		}
		if c.Addr != tt.addr || c.Data != tt.data || c.Demo != tt.demoWant {
			t.Errorf("%v: got %+v", tt.args, c)
		}
	}
}

// TestListCacheFlag: the list cache's size comes from the flag or PORTDESK_API_LIST_CACHE_MIB,
// 32 MiB by default, and 0 turns it off (api.Options reads 0 as its default, so off is -1).
func TestListCacheFlag(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		env  string
		args []string
		want int
	}{
		{"", nil, 32 << 20},
		{"8", nil, 8 << 20},
		{"8", []string{"--api-list-cache-mib", "0"}, -1},
		{"", []string{"--api-list-cache-mib=1"}, 1 << 20},
	} {
		var c config
		fs := flag.NewFlagSet("serve", flag.ContinueOnError)
		bindServe(fs, &c, func(k string) string {
			if k == "PORTDESK_API_LIST_CACHE_MIB" {
				return tt.env
			}
			return ""
		})
		if err := fs.Parse(tt.args); err != nil {
			t.Fatal(err)
		}
		if got := c.listCacheBytes(); got != tt.want {
			t.Errorf("env %q, %v: %d bytes, want %d", tt.env, tt.args, got, tt.want)
		}
	}
}

func itoa(i int64) string { return strconv.FormatInt(i, 10) }

func TestRangesImportAndLookup(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	out := runCLI(t, "ranges", "import", "--data", dir, "../../internal/ranges/testdata/ofcom_s1_sample.csv", "../../internal/ranges/testdata/cnac_sample.csv")
	if n := bytes.Count(out, []byte("\n")); n != 2 || !bytes.Contains(out, []byte(`"source":"ofcom","blocks":5,"in_service":3`)) {
		t.Fatalf("import: %s", out)
	}
	out = runCLI(t, "ranges", "lookup", "--data", dir, "+441134960000", "+14165550234", "+33123456789")
	for _, want := range []string{`"holder":"BT"`, `"holder":"Bell Canada"`, `"found":false`} {
		if !bytes.Contains(out, []byte(want)) {
			t.Errorf("lookup lacks %s:\n%s", want, out)
		}
	}
	// A bad file imports nothing, not even the good ones before it.
	bad := filepath.Join(dir, "bad.csv")
	_ = os.WriteFile(bad, []byte("not,a,register\n"), 0o600)
	var o, e bytes.Buffer
	if err := run(context.Background(), []string{"ranges", "import", "--data", t.TempDir(), "../../internal/ranges/testdata/cnac_sample.csv", bad}, noEnv, nil, &o, &e); err == nil || o.Len() != 0 {
		t.Fatalf("bad import: %v %s", err, o.String())
	}
}

// TestCheckCommand checks a list against imported range data and the seeded agreements,
// from a file and from stdin, as CSV and JSON.
func TestCheckCommand(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	runCLI(t, "ranges", "import", "--data", dir, "../../internal/ranges/testdata/ofcom_s1_sample.csv", "../../internal/ranges/testdata/cnac_sample.csv")
	list := filepath.Join(dir, "list.csv")
	if err := os.WriteFile(list, []byte("number\n0113 496 0001\n0500 123456\n+1 416 555 0234\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(runCLI(t, "check", "--data", dir, list))).ReadAll()
	if err != nil || len(recs) != 4 {
		t.Fatalf("csv: %v %q", err, recs)
	}
	if recs[1][5] != "yes" || recs[1][9] != "BT" || recs[2][5] != "no" || recs[3][4] != "local" || recs[3][9] != "Bell Canada" {
		t.Fatalf("csv rows: %q", recs)
	}
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"check", "--data", dir, "--format", "json", "--default-country", "US", "-"}, noEnv,
		strings.NewReader("(416) 555-0234\n"), &out, &errOut); err != nil {
		t.Fatal(err, errOut.String())
	}
	var res []map[string]any
	if err := json.Unmarshal(out.Bytes(), &res); err != nil || len(res) != 1 || res[0]["country"] != "CA" || res[0]["loa_type"] != "canada" {
		t.Fatalf("json: %v %s", err, out.String())
	}
	if errOut.Len() != 0 {
		t.Fatalf("progress written to a non-terminal: %q", errOut.String())
	}
	// Toll-free numbers take no SMS unless the operator carries it (--sms-categories).
	for _, tc := range []struct {
		args []string
		sms  string
	}{
		{nil, "not_applicable"},
		{[]string{"--sms-categories", "toll_free, freephone"}, "after_voice"},
	} {
		out.Reset()
		args := append([]string{"check", "--data", dir, "--format", "json"}, append(tc.args, "-")...)
		if err := run(context.Background(), args, noEnv, strings.NewReader("+1 800 234 5678\n"), &out, &errOut); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(out.Bytes(), &res); err != nil || len(res) != 1 || res[0]["sms"] != tc.sms {
			t.Fatalf("%v: %v %s", tc.args, err, out.String())
		}
	}
	if err := run(context.Background(), []string{"check", "--data", dir, "--sms-categories", "mobile", "-"}, noEnv, strings.NewReader("+1 800 234 5678\n"), &out, &errOut); err == nil || !strings.Contains(err.Error(), "--sms-categories") {
		t.Fatalf("a category that takes SMS anyway: %v", err)
	}
}
