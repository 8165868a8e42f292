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

	"github.com/portdesk/portdesk/internal/httpx"
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

// The id a response carries in X-Request-Id is the one handlers find in their context, so
// a failure they log can be found from the response.
func TestRequestIDInContext(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, path, sent string
		keep             bool // the caller's id is used as is
	}{
		{name: "API, caller's id", path: "/api/v1/me", sent: "req-7f3a", keep: true},
		{name: "web, caller's id", path: "/port-ins/1", sent: "req-7f3b", keep: true},
		{name: "no id: a new one", path: "/api/v1/me"},
		{name: "an id over 64 bytes: a new one", path: "/", sent: strings.Repeat("x", 65)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var seen string
			h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { seen = httpx.RequestID(r.Context()) })
			srv := New(Options{Log: slog.New(slog.DiscardHandler), API: h, Web: h, Ready: func(context.Context) error { return nil }})
			req := httptest.NewRequest("GET", tt.path, nil)
			if tt.sent != "" {
				req.Header.Set("X-Request-Id", tt.sent)
			}
			rec := httptest.NewRecorder()
			srv.ServeHTTP(rec, req)
			got := rec.Header().Get("X-Request-Id")
			if seen == "" || seen != got {
				t.Fatalf("handler saw request id %q, response says %q", seen, got)
			}
			if tt.keep != (got == tt.sent) {
				t.Errorf("sent %q, got %q", tt.sent, got)
			}
		})
	}
}

// With the metrics apart, the product's handler answers /metrics with 404 and the metrics
// handler serves them (counting the product's requests), and nothing else.
func TestMetricsApart(t *testing.T) {
	t.Parallel()
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, "page") })
	h, m := Handlers(Options{Log: slog.New(slog.DiscardHandler), API: ok, Web: ok, Ready: func(context.Context) error { return nil }, MetricsApart: true})
	if m == nil {
		t.Fatal("no metrics handler")
	}
	get := func(h http.Handler, path string) (int, string) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		return rec.Code, rec.Body.String()
	}
	if code, body := get(h, "/metrics"); code != http.StatusNotFound || strings.Contains(body, "portdesk_") {
		t.Errorf("public /metrics: %d %q", code, body)
	}
	if code, _ := get(h, "/healthz"); code != 200 {
		t.Errorf("public /healthz: %d", code)
	}
	if code, body := get(m, "/metrics"); code != 200 || !strings.Contains(body, `portdesk_http_requests_total{code="404",method="GET",route="/metrics"} 1`) {
		t.Errorf("metrics listener: %d %s", code, body)
	}
	for _, p := range []string{"/", "/healthz", "/api/v1/me"} {
		if code, _ := get(m, p); code != http.StatusNotFound {
			t.Errorf("metrics listener serves %s: %d", p, code)
		}
	}
	if _, m := Handlers(Options{Log: slog.New(slog.DiscardHandler), API: ok, Web: ok, Ready: func(context.Context) error { return nil }}); m != nil {
		t.Error("a metrics handler apart without asking")
	}
}
