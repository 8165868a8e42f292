package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/leadtime"
	"github.com/portdesk/portdesk/internal/notify/smtptest"
	"github.com/portdesk/portdesk/internal/store/postgres"
	"github.com/portdesk/portdesk/internal/store/sqlite"
)

// TestServeCompletesOnceAcrossKills kills the real server, in a child process, twice in the
// middle of a completion at the FOC: first inside the completion's transaction, with some
// numbers written to the inventory and nothing committed; then while the completed email is
// on the wire, not yet accepted by the mail server. Each time the server is started again on
// the same database. In the end the numbers are active once, the port completed once, and each
// email and webhook went out once.
func TestServeCompletesOnceAcrossKills(t *testing.T) {
	t.Parallel()
	t.Run("sqlite", func(t *testing.T) {
		t.Parallel()
		path := filepath.Join(t.TempDir(), "portdesk.db")
		crashCompletion(t, path, func(ctx context.Context) (domain.Store, error) { return sqlite.Open(ctx, path) })
	})
	t.Run("postgres", func(t *testing.T) {
		t.Parallel()
		dsn := postgresSchemaURL(t)
		crashCompletion(t, dsn, func(ctx context.Context) (domain.Store, error) { return postgres.Open(ctx, dsn) })
	})
}

// postgresSchemaURL is a URL to a schema of the test database of its own, dropped at the end.
func postgresSchemaURL(t *testing.T) string {
	t.Helper()
	base := os.Getenv(postgres.TestURLEnv)
	if base == "" {
		t.Skip(postgres.TestURLEnv + " not set: skipping PostgreSQL suite")
	}
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	schema := "portdesk_crash_" + hex.EncodeToString(b)
	admin, err := pgxpool.New(context.Background(), base)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := admin.Exec(context.Background(), "CREATE SCHEMA "+schema); err != nil {
		admin.Close()
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_, _ = admin.Exec(context.Background(), "DROP SCHEMA "+schema+" CASCADE")
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema) // pgx sends it as a run-time parameter
	u.RawQuery = q.Encode()
	return u.String()
}

func crashCompletion(t *testing.T, db string, openStore func(context.Context) (domain.Store, error)) {
	ctx := context.Background()
	smtp := smtptest.Start(t)
	recv := newHookReceiver(t)
	clock := newTravelClock(t, pastBusinessMorning())
	dir := t.TempDir()
	dbArgs := []string{"--data", dir, "--db", db}
	args := append([]string{"--demo", "--smtp-host", smtp.Host, "--smtp-port", strconv.Itoa(smtp.Port), "--smtp-tls", "none",
		"--webhooks-allow-private", "--rescue-jobs-after", "2s"}, dbArgs...)
	const wait = 90 * time.Second // a lost job is rescued within rescue-after plus River's 30 s sweep

	// The first server kills itself inside the completion, after the second number.
	first := startChild(t, clock, []string{childKillEnv + "=2"}, args...)
	c := apiClient{t: t, base: first.base}
	cust, staff := token(t, dbArgs, "demo@portdesk.local"), token(t, dbArgs, "admin@portdesk.local")
	me := c.call("GET", "/api/v1/me", cust, nil, 200)
	ep := c.call("POST", fmt.Sprintf("/api/v1/accounts/%d/webhooks", int64(me["account_id"].(float64))), cust, map[string]any{"url": recv.URL + "/portdesk"}, 201)
	recv.setSecret(ep["secret"].(string))
	p := c.call("GET", "/api/v1/port-ins?status=submitted", staff, nil, 200)["data"].([]any)[0].(map[string]any)
	id := int64(p["id"].(float64))
	path := fmt.Sprintf("/api/v1/port-ins/%d", id)
	carrier := c.call("POST", "/api/v1/carriers", staff, map[string]any{"name": "Gamma", "email": "porting@gamma.example"}, 201)
	p = c.call("GET", path, staff, nil, 200)
	p = c.call("POST", path+"/send-to-carrier", staff, map[string]any{"carrier_id": carrier["id"], "version": p["version"]}, 200)
	foc := nextBusinessAt(clock.Now(), 2, 10)
	p = c.call("POST", path+"/foc", staff, map[string]any{"foc": foc.Format(time.RFC3339), "confirm_early": true, "version": p["version"]}, 200)
	waitMail(t, smtp, "demo@portdesk.local", "The carrier has committed", wait)
	var numbers []string
	for _, n := range p["numbers"].([]any) {
		numbers = append(numbers, n.(map[string]any)["number"].(string))
	}
	if len(numbers) < 2 {
		t.Fatalf("the demo request has %d numbers; the kill needs two", len(numbers))
	}

	clock.Set(t, foc.Add(time.Minute))
	err := first.wait(t, wait)
	var exit *exec.ExitError
	if !errors.As(err, &exit) || !exit.Sys().(syscall.WaitStatus).Signaled() {
		t.Fatalf("the server was to be killed inside the completion; it ended with %v\n%s", err, first.stderr)
	}
	st, err := openStore(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got, err := st.PortIn(ctx, id)
	if err != nil || got.Status != domain.StatusScheduled {
		t.Fatalf("after a kill inside the completion the port is %s (%v), want scheduled: nothing committed", got.Status, err)
	}
	inv, err := st.InventoryByNumbers(ctx, numbers)
	if err != nil || len(inv) != 0 {
		t.Fatalf("after a kill inside the completion the inventory holds %v (%v), want none of them", inv, err)
	}
	st.Close()

	// The second server takes up the lost job and completes the port; it is killed while the
	// completed email waits for the mail server's answer.
	hold := smtp.HoldNext(func(m smtptest.Received) bool {
		text, _ := m.Text()
		return strings.Contains(text, "have moved to us")
	})
	second := startChild(t, clock, nil, args...)
	select {
	case <-hold.Held():
	case <-time.After(wait):
		t.Fatalf("the lost completion was not taken up within %s\n%s", wait, second.stderr)
	}
	second.kill(t)
	hold.Discard()

	// The third finishes what was left: the email, any webhook not yet out; then SMS.
	third := startChild(t, clock, nil, args...)
	c.base = third.base
	waitMail(t, smtp, "demo@portdesk.local", "have moved to us and are active", wait)
	recv.wait(t, "port_in.completed", 1, wait)
	recv.wait(t, "number.activated", 1, wait)
	clock.Set(t, leadtime.AddBusinessDays("GB", foc, 3).Add(time.Hour))
	recv.wait(t, "number.sms_enabled", 1, wait)

	completions := 0
	for _, e := range c.call("GET", path+"/events", staff, nil, 200)["data"].([]any) {
		if e.(map[string]any)["to"] == "completed" {
			completions++
		}
	}
	if completions != 1 {
		t.Errorf("%d completion events, want 1", completions)
	}
	held := map[string]int{}
	for _, x := range c.call("GET", "/api/v1/inventory", cust, nil, 200)["data"].([]any) {
		n := x.(map[string]any)
		if num := n["number"].(string); strings.Contains(strings.Join(numbers, " "), num) {
			held[num]++
			if n["status"] != "active" || n["sms"] != "active" {
				t.Errorf("%s is %v with SMS %v, want active with SMS", num, n["status"], n["sms"])
			}
		}
	}
	for _, num := range numbers {
		if held[num] != 1 {
			t.Errorf("%s is in the inventory %d times, want once", num, held[num])
		}
	}
	for _, want := range []string{"have moved to us and are active", "The carrier has committed", "We sent port request"} {
		if n := len(mailsSaying(smtp, "demo@portdesk.local", want)); n != 1 {
			t.Errorf("%d emails saying %q, want 1", n, want)
		}
	}
	for _, typ := range []string{"port_in.completed", "number.activated", "number.sms_enabled", "port_in.scheduled"} {
		if ids := recv.ids(typ); len(ids) != 1 {
			t.Errorf("%s: %d distinct webhook-ids %v, want 1", typ, len(ids), ids)
		}
	}
	if got := recv.numbers("number.activated"); len(got) != len(numbers) {
		t.Errorf("number.activated named %v, want %v", got, numbers)
	}
	recv.check(t)
	third.stop(t)
}
