package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/httpx"
	"github.com/portdesk/portdesk/internal/web"
)

// A 500 page shows nothing of the cause, so the log must hold all of it: the error chain
// and the request id the browser was given, to find one from the other.
func TestServerErrorLoggedWithRequestID(t *testing.T) {
	t.Parallel()
	env := desktest.New(t, desktest.SQLite)
	cust := env.NewCustomer(t, "Acme", 0, domain.CountryGB)
	session, _, err := env.Access.Login(context.Background(), cust.Admin.Email, cust.Password, "192.0.2.1")
	if err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	h, err := web.New(env.App, web.Options{Log: slog.New(slog.NewJSONHandler(&logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	// The database goes away: resolving a good session now fails inside the store.
	if err := env.Store.Close(); err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest("GET", "/", nil)
	req.AddCookie(&http.Cookie{Name: "portdesk_session", Value: session})
	req = req.WithContext(httpx.WithRequestID(req.Context(), "req-9c04"))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)

	if rec.Code != http.StatusInternalServerError {
		t.Fatalf("status %d, want 500: %s", rec.Code, rec.Body)
	}
	if strings.Contains(rec.Body.String(), "closed") {
		t.Errorf("the page leaks the cause: %s", rec.Body)
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
		if entry.Msg == "web internal error" {
			break
		}
	}
	if entry.Msg != "web internal error" {
		t.Fatalf("no internal error logged: %s", logs.String())
	}
	if entry.RequestID != "req-9c04" {
		t.Errorf("request_id %q, want req-9c04", entry.RequestID)
	}
	if !strings.Contains(entry.Err, "sql: database is closed") {
		t.Errorf("err %q does not carry the cause", entry.Err)
	}
}
