package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/leadtime"
	"github.com/portdesk/portdesk/internal/notify/smtptest"
)

// The end-to-end tests run the real server, in this process or (to kill it) in a child: this
// test binary started again with these variables, which make TestMain serve instead of test.
const (
	childServeEnv = "PORTDESK_E2E_SERVE_ARGS"         // JSON list of serve's arguments
	childClockEnv = "PORTDESK_E2E_CLOCK"              // the travelClock's file
	childKillEnv  = "PORTDESK_E2E_KILL_AT_ACTIVATION" // kill the process at the nth activation
)

func TestMain(m *testing.M) {
	if args := os.Getenv(childServeEnv); args != "" {
		os.Exit(childServe(args))
	}
	os.Exit(m.Run())
}

// childServe is the child process: serve with the shared clock and, when asked, a store that
// kills the process in the middle of a completion.
func childServe(rawArgs string) int {
	var args []string
	if err := json.Unmarshal([]byte(rawArgs), &args); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	d := deps{clock: &travelClock{path: os.Getenv(childClockEnv)}}
	if n, err := strconv.Atoi(os.Getenv(childKillEnv)); err == nil {
		d.wrapStore = func(st domain.Store) domain.Store { return &killingStore{Store: st, at: int64(n)} }
	}
	if err := serveWith(ctx, args, noEnv, os.Stdout, os.Stderr, d); err != nil {
		fmt.Fprintln(os.Stderr, "portdesk:", err)
		return 1
	}
	return 0
}

// killingStore kills its own process, as a power cut would, inside the transaction that
// activates the at-th inventory number: a completion half written and never committed.
type killingStore struct {
	domain.Store
	at   int64
	seen atomic.Int64
}

func (s *killingStore) InTx(ctx context.Context, fn func(domain.Tx) error) error {
	return s.Store.InTx(ctx, func(tx domain.Tx) error { return fn(killingTx{Tx: tx, s: s}) })
}

type killingTx struct {
	domain.Tx
	s *killingStore
}

func (t killingTx) ActivateInventoryNumber(ctx context.Context, n *domain.InventoryNumber) error {
	if err := t.Tx.ActivateInventoryNumber(ctx, n); err != nil {
		return err
	}
	if t.s.seen.Add(1) == t.s.at {
		_ = syscall.Kill(os.Getpid(), syscall.SIGKILL)
		select {} // never returns: the signal ends the process here
	}
	return nil
}

// travelClock is the service's clock in these tests: the wall clock plus an offset the test
// sets, kept in a file so that a server in a child process shares it. It stays behind the wall
// clock: River schedules jobs on the wall clock, so every job the desk schedules is due at
// once for River, and the desk's clock decides (an early job snoozes until its time).
type travelClock struct{ path string }

func newTravelClock(t *testing.T, start time.Time) *travelClock {
	c := &travelClock{path: filepath.Join(t.TempDir(), "clock")}
	c.Set(t, start)
	return c
}

// Set moves the service's time to at, which must not be ahead of the wall clock.
func (c *travelClock) Set(t *testing.T, at time.Time) {
	t.Helper()
	offset := time.Until(at)
	if offset > 0 {
		t.Fatalf("the travel clock must stay behind the wall clock: %s is %s ahead", at, offset)
	}
	if err := os.WriteFile(c.path, []byte(strconv.FormatInt(int64(offset), 10)), 0o600); err != nil {
		t.Fatal(err)
	}
}

func (c *travelClock) Now() time.Time {
	b, err := os.ReadFile(c.path)
	if err != nil {
		panic(err) // the test wrote it before anything ran
	}
	n, err := strconv.ParseInt(string(b), 10, 64)
	if err != nil {
		panic(err)
	}
	return time.Now().Add(time.Duration(n)).UTC()
}

// pastBusinessMorning is 09:00 in London on a business day at least three weeks ago: far
// enough back that a FOC and SMS three business days later are still behind the wall clock.
func pastBusinessMorning() time.Time {
	d := time.Now().In(leadtime.Zone("GB")).AddDate(0, 0, -21)
	for !leadtime.IsBusinessDay("GB", d) {
		d = d.AddDate(0, 0, -1)
	}
	y, m, day := d.Date()
	return time.Date(y, m, day, 9, 0, 0, 0, leadtime.Zone("GB"))
}

// nextBusinessAt is the business day after from, at hour:00 in London.
func nextBusinessAt(from time.Time, days, hour int) time.Time {
	d := leadtime.AddBusinessDays("GB", from, days)
	y, m, day := d.In(leadtime.Zone("GB")).Date()
	return time.Date(y, m, day, hour, 0, 0, 0, leadtime.Zone("GB"))
}

// api calls a running server's REST API.
type apiClient struct {
	t    *testing.T
	base string
}

func (c apiClient) call(method, path, tok string, body any, want int) map[string]any {
	c.t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, c.base+path, rd)
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != want {
		c.t.Fatalf("%s %s: %d %s", method, path, res.StatusCode, b)
	}
	var m map[string]any
	_ = json.Unmarshal(b, &m)
	return m
}

// token makes an API token for a user with the admin command, on the server's database.
func token(t *testing.T, db []string, email string) string {
	t.Helper()
	var tok struct{ Token string }
	if err := json.Unmarshal(runCLI(t, append(append([]string{"admin", "create-token"}, db...), "--email", email)...), &tok); err != nil {
		t.Fatal(err)
	}
	return tok.Token
}

// readGreeting reads the server's greeting (its URL, the logins it made, then a blank line)
// and drains the rest of its output.
func readGreeting(t *testing.T, r io.Reader) string {
	t.Helper()
	var base string
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if i := strings.Index(line, "http://"); i >= 0 && strings.HasSuffix(line, "/login") {
			base = strings.TrimSuffix(line[i:], "/login")
		}
		if base != "" && line == "" {
			break
		}
	}
	go func() { _, _ = io.Copy(io.Discard, r) }()
	if base == "" {
		t.Fatal("serve did not print its URL")
	}
	return base
}

// child is the server running in a child process.
type child struct {
	cmd    *exec.Cmd
	base   string
	done   chan error
	stderr *bytes.Buffer
}

// startChild serves in a child process with the clock's file and extra environment.
func startChild(t *testing.T, clock *travelClock, env []string, args ...string) *child {
	t.Helper()
	raw, _ := json.Marshal(append([]string{"--addr", "127.0.0.1:0", "--log-level", "warn"}, args...))
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childServeEnv+"="+string(raw), childClockEnv+"="+clock.path)
	cmd.Env = append(cmd.Env, env...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	c := &child{cmd: cmd, done: make(chan error, 1), stderr: &bytes.Buffer{}}
	cmd.Stderr = &lockedWriter{w: c.stderr}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		c.wait(t, 30*time.Second)
	})
	go func() { c.done <- cmd.Wait() }()
	c.base = readGreeting(t, stdout)
	return c
}

// wait waits, bounded, for the child to end and returns how it ended.
func (c *child) wait(t *testing.T, limit time.Duration) error {
	t.Helper()
	select {
	case err := <-c.done:
		c.done <- err // later callers see it too
		return err
	case <-time.After(limit):
		t.Fatalf("the server did not end within %s; its log:\n%s", limit, c.stderr)
		return nil
	}
}

// kill ends the child at once, as a crash would.
func (c *child) kill(t *testing.T) {
	t.Helper()
	if err := c.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	c.wait(t, 30*time.Second)
}

// stop asks the child to shut down gracefully.
func (c *child) stop(t *testing.T) {
	t.Helper()
	_ = c.cmd.Process.Signal(syscall.SIGTERM)
	if err := c.wait(t, 30*time.Second); err != nil {
		t.Errorf("the server did not stop cleanly: %v\n%s", err, c.stderr)
	}
}

type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// hookReceiver is a customer's webhook endpoint: it verifies each delivery with the Standard
// Webhooks reference library and keeps them.
type hookReceiver struct {
	*httptest.Server
	mu        sync.Mutex
	secret    string
	got       []receivedHook
	verifyErr error
}

type receivedHook struct {
	ID, Type string
	Data     map[string]any
}

func newHookReceiver(t *testing.T) *hookReceiver {
	h := &hookReceiver{}
	h.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		h.mu.Lock()
		defer h.mu.Unlock()
		wh, err := standardwebhooks.NewWebhook(h.secret)
		if err == nil {
			err = wh.Verify(body, r.Header)
		}
		if err != nil && h.verifyErr == nil {
			h.verifyErr = err
		}
		var m struct {
			Type string
			Data map[string]any
		}
		_ = json.Unmarshal(body, &m)
		h.got = append(h.got, receivedHook{ID: r.Header.Get("webhook-id"), Type: m.Type, Data: m.Data})
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(h.Close)
	return h
}

func (h *hookReceiver) setSecret(s string) {
	h.mu.Lock()
	h.secret = s
	h.mu.Unlock()
}

// ids are the distinct webhook-ids of the deliveries of one event type: a receiver
// deduplicates on them, so each is one event however often it was delivered.
func (h *hookReceiver) ids(typ string) map[string]int {
	h.mu.Lock()
	defer h.mu.Unlock()
	out := map[string]int{}
	for _, g := range h.got {
		if g.Type == typ {
			out[g.ID]++
		}
	}
	return out
}

// numbers are the numbers named by the deliveries of typ, each once.
func (h *hookReceiver) numbers(typ string) []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []string
	for _, g := range h.got {
		p, _ := g.Data["port_in"].(map[string]any)
		ns, _ := p["numbers"].([]any)
		for _, n := range ns {
			if num, _ := n.(map[string]any)["number"].(string); g.Type == typ && !slices.Contains(out, num) {
				out = append(out, num)
			}
		}
	}
	return out
}

// wait waits (bounded) until n distinct events of typ arrived.
func (h *hookReceiver) wait(t *testing.T, typ string, n int, limit time.Duration) {
	t.Helper()
	if !desktest.Poll(limit, func() bool { return len(h.ids(typ)) >= n }) {
		t.Fatalf("%d %s webhook(s) of %d within %s", len(h.ids(typ)), typ, n, limit)
	}
}

func (h *hookReceiver) check(t *testing.T) {
	t.Helper()
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.verifyErr != nil {
		t.Fatalf("a webhook failed verification: %v", h.verifyErr)
	}
}

// waitMail waits (bounded) for a message to an address whose text has want.
func waitMail(t *testing.T, smtp *smtptest.Server, to, want string, limit time.Duration) smtptest.Received {
	t.Helper()
	var got []smtptest.Received
	if !desktest.Poll(limit, func() bool { got = mailsSaying(smtp, to, want); return len(got) > 0 }) {
		t.Fatalf("no email to %s saying %q within %s", to, want, limit)
	}
	return got[0]
}

// mailsSaying are the received messages to an address whose text has want.
func mailsSaying(smtp *smtptest.Server, to, want string) []smtptest.Received {
	var out []smtptest.Received
	for _, m := range smtp.Messages() {
		if text, _ := m.Text(); m.To[0] == to && strings.Contains(text, want) {
			out = append(out, m)
		}
	}
	return out
}
