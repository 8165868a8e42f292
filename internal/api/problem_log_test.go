package api

import (
	"bytes"
	"encoding/json"
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
	h := New(env.Svc, Options{Log: slog.New(slog.NewJSONHandler(&logs, nil))})
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
