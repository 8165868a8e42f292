package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/httpx"
)

// A 500 shows the client nothing of the cause, so the log must hold all of it: the error
// chain and the request id the client was given, to find one from the other.
func TestInternalErrorLoggedWithRequestID(t *testing.T) {
	t.Parallel()
	env := desktest.New(t, desktest.SQLite)
	var logs bytes.Buffer
	cust := env.NewCustomer(t, "Acme", 0, domain.CountryGB)
	h := New(env.App, Options{Log: slog.New(slog.NewJSONHandler(&logs, nil))})
	// The database goes away: resolving a good token now fails inside the store.
	if err := env.Store.Close(); err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest("GET", "/api/v1/me", nil)
	req.Header.Set("Authorization", "Bearer "+cust.Token)
	req = req.WithContext(httpx.WithRequestID(req.Context(), "req-5d1e"))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)

	if rec.Code != http.StatusInternalServerError {
		t.Fatalf("status %d, want 500: %s", rec.Code, rec.Body)
	}
	if strings.Contains(rec.Body.String(), "closed") {
		t.Errorf("the problem leaks the cause: %s", rec.Body)
	}
	var entry struct {
		Msg       string `json:"msg"`
		Err       string `json:"err"`
		RequestID string `json:"request_id"`
	}
	for line := range strings.Lines(logs.String()) {
		if err := json.Unmarshal([]byte(line), &entry); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		if entry.Msg == "api internal error" {
			break
		}
	}
	if entry.Msg != "api internal error" {
		t.Fatalf("no internal error logged: %s", logs.String())
	}
	if entry.RequestID != "req-5d1e" {
		t.Errorf("request_id %q, want req-5d1e", entry.RequestID)
	}
	// domain.Internal wraps the store's error: the whole chain is logged.
	if !strings.Contains(entry.Err, "sql: database is closed") {
		t.Errorf("err %q does not carry the cause", entry.Err)
	}
}

func TestWithVersionHint(t *testing.T) {
	t.Parallel()
	const hint = `Send it in the If-Match header (If-Match: "3") or as the "version" field.`
	tests := []struct{ msg, want string }{
		{"send the port-in's version with every change", "send the port-in's version with every change. " + hint},
		{"a version is needed.", "a version is needed. " + hint},
		{"", hint},
	}
	for _, tt := range tests {
		if got := withVersionHint(tt.msg); got != tt.want {
			t.Errorf("withVersionHint(%q) = %q, want %q", tt.msg, got, tt.want)
		}
	}
}

// A change without a version is told, in HTTP terms, where the version goes; no other
// problem carries that hint.
func TestVersionRequiredNamesIfMatch(t *testing.T) {
	t.Parallel()
	env := desktest.New(t, desktest.SQLite)
	c := newClient(t, env)
	cust := env.NewCustomer(t, "Acme", 0, domain.CountryGB)
	var p portIn
	c.want(c.do("POST", "/api/v1/port-ins", cust.Token, map[string]any{"losing_provider": "BT"}), 201).json(t, &p)
	path := fmt.Sprintf("/api/v1/port-ins/%d", p.ID)

	var prob problemJSON
	c.want(c.do("PATCH", path, cust.Token, map[string]any{"customer_name": "x"}), 428).json(t, &prob)
	const hint = ` Send it in the If-Match header (If-Match: "3") or as the "version" field.`
	if prob.Code != "version_required" || !strings.HasSuffix(prob.Detail, "."+hint) || len(prob.Detail) <= len(hint)+1 {
		t.Errorf("428 detail %q: want the use case's message, then%s", prob.Detail, hint)
	}
	c.want(c.do("PATCH", path, cust.Token, map[string]any{"customer_name": "x"}, ifMatch(p.Version+5)...), 412).json(t, &prob)
	if strings.Contains(prob.Detail, "If-Match: \"3\"") {
		t.Errorf("412 detail %q carries the version hint", prob.Detail)
	}
}
