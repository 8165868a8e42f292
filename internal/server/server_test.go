package server

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestProbesAndMetrics(t *testing.T) {
	t.Parallel()
	ready := error(nil)
	api := http.NewServeMux()
	api.HandleFunc("GET /api/v1/port-ins/{id}", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusTeapot) })
	h := New(Options{
		Log:   slog.New(slog.DiscardHandler),
		API:   api,
		Web:   http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, "web") }),
		Ready: func(context.Context) error { return ready },
	})
	get := func(path string) (int, string, http.Header) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		return rec.Code, rec.Body.String(), rec.Header()
	}
	if code, _, _ := get("/healthz"); code != 200 {
		t.Errorf("healthz %d", code)
	}
	if code, _, _ := get("/readyz"); code != 200 {
		t.Errorf("readyz %d", code)
	}
	ready = errors.New("database down: secret details")
	if code, body, _ := get("/readyz"); code != 503 || strings.Contains(body, "secret") {
		t.Errorf("readyz when down: %d %q", code, body)
	}
	if _, body, h := get("/"); body != "web" || h.Get("X-Request-Id") == "" {
		t.Errorf("web: %q", body)
	}
	for _, id := range []string{"1", "2", "3"} {
		get("/api/v1/port-ins/" + id)
	}
	_, metrics, _ := get("/metrics")
	// One series for the route, however many IDs: the pattern is the label, not the path.
	want := `portdesk_http_requests_total{code="418",method="GET",route="GET /api/v1/port-ins/{id}"} 3`
	if !strings.Contains(metrics, want) {
		t.Errorf("metrics lack %s", want)
	}
}
