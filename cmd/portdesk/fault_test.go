package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/store/postgres"
)

// faultStore ends every PostgreSQL session of the server's pool from another connection,
// on cue, in the middle of a request: when the request first reads its API token, or
// inside a transaction that has begun.
type faultStore struct {
	domain.Store
	kill         func()
	onRead, inTx atomic.Bool
}

func (s *faultStore) APITokenUser(ctx context.Context, hash []byte) (domain.APIToken, domain.SignIn, error) {
	if s.onRead.Swap(false) {
		s.kill()
	}
	return s.Store.APITokenUser(ctx, hash)
}

func (s *faultStore) InTx(ctx context.Context, fn func(domain.Tx) error) error {
	return s.Store.InTx(ctx, func(tx domain.Tx) error {
		if s.inTx.Swap(false) {
			s.kill()
		}
		return fn(tx)
	})
}

// A database connection killed mid-request: a read is run again on a new connection and the
// GET answers; a write whose transaction lost its connection answers 503 with Retry-After,
// changes nothing, and the next try goes through.
func TestSecurityFaultDatabaseConnectionKilled(t *testing.T) {
	url := os.Getenv(postgres.TestURLEnv)
	if url == "" {
		t.Skip(postgres.TestURLEnv + " not set")
	}
	ctx := context.Background()
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	name := "portdesk_fault_" + hex.EncodeToString(b)
	admin, err := pgxpool.New(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := admin.Exec(ctx, "CREATE SCHEMA "+name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_, _ = admin.Exec(context.Background(), "DROP SCHEMA "+name+" CASCADE")
		admin.Close()
	})
	sep := "?"
	if strings.Contains(url, "?") {
		sep = "&"
	}
	db := url + sep + "search_path=" + name + "&application_name=" + name
	killed := 0
	kill := func() {
		// The timeout makes each call wait until the backend has gone.
		var n int
		if err := admin.QueryRow(ctx, `SELECT count(*) FILTER (WHERE pg_terminate_backend(pid, 5000)) FROM pg_stat_activity
			WHERE application_name = $1 AND pid <> pg_backend_pid()`, name).Scan(&n); err != nil {
			t.Error(err)
		}
		killed = n
	}
	fs := &faultStore{kill: kill}

	dir := t.TempDir()
	sctx, cancel := context.WithCancel(ctx)
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- serveWith(sctx, []string{"--addr", "127.0.0.1:0", "--data", dir, "--db", db, "--demo", "--log-level", "error"}, noEnv, pw, io.Discard,
			deps{wrapStore: func(st domain.Store) domain.Store { fs.Store = st; return fs }})
		pw.Close()
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	base := ""
	sc := bufio.NewScanner(pr)
	for base == "" && sc.Scan() {
		if line := strings.TrimSpace(sc.Text()); strings.HasSuffix(line, "/login") {
			base = strings.TrimSuffix(line[strings.Index(line, "http://"):], "/login")
		}
	}
	go func() { _, _ = io.Copy(io.Discard, pr) }()
	if base == "" {
		t.Fatal("serve did not start")
	}
	var tok struct{ Token string }
	if err := json.Unmarshal(runCLI(t, "admin", "create-token", "--data", dir, "--db", db, "--email", "demo@portdesk.local"), &tok); err != nil || tok.Token == "" {
		t.Fatalf("create-token: %v", err)
	}
	call := func(method, path, body string) (*http.Response, map[string]any) {
		req, _ := http.NewRequest(method, base+path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+tok.Token)
		if body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var out map[string]any
		_ = json.NewDecoder(res.Body).Decode(&out)
		return res, out
	}
	count := func() int {
		res, out := call("GET", "/api/v1/port-ins", "")
		if res.StatusCode != 200 {
			t.Fatalf("list: %d %v", res.StatusCode, out)
		}
		return len(out["data"].([]any))
	}
	before := count()

	// A read: the token's lookup meets a dead connection, runs again, and the GET answers.
	fs.onRead.Store(true)
	if n := count(); n != before {
		t.Fatalf("after the kill, the list has %d requests, not %d", n, before)
	}
	if fs.onRead.Load() || killed == 0 {
		t.Fatalf("no session was killed during the read (armed %v, killed %d)", fs.onRead.Load(), killed)
	}

	// A write: its transaction loses its connection and answers 503 with Retry-After.
	fs.inTx.Store(true)
	res, out := call("POST", "/api/v1/port-ins", "{}")
	if res.StatusCode != http.StatusServiceUnavailable || res.Header.Get("Retry-After") == "" || out["code"] != string(domain.ErrUnavailable) {
		t.Fatalf("write during the kill: %d Retry-After %q %v", res.StatusCode, res.Header.Get("Retry-After"), out)
	}
	if killed == 0 {
		t.Fatal("no session was killed during the write")
	}
	if n := count(); n != before {
		t.Fatalf("the failed write left %d requests, not %d", n, before)
	}
	if res, out := call("POST", "/api/v1/port-ins", "{}"); res.StatusCode != http.StatusCreated {
		t.Fatalf("the write once more: %d %v", res.StatusCode, out)
	}
}
