// Package server puts PortDesk's HTTP parts behind one handler: the REST API, the web UI,
// health and readiness probes for the load balancer, and Prometheus metrics.
package server

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/portdesk/portdesk/internal/httpx"
	"github.com/portdesk/portdesk/internal/ranges"
)

// Options are the parts to serve.
type Options struct {
	Log   *slog.Logger
	API   http.Handler // serves /api/
	Web   http.Handler // serves everything else
	Ready func(context.Context) error
	// RangeData, when set, is the range data in use: reported by /readyz as a detail (none
	// loaded is not unreadiness: checks still answer, saying what they assume) and in
	// /metrics.
	RangeData func() ranges.Status
	// MetricsApart moves /metrics off the product's handler (where it answers 404) to the
	// one Handlers returns for a listener of its own: the public never reads it.
	MetricsApart bool
	// ListCache, when set, gives the API's list cache's hits and misses so far, for /metrics:
	// how often customers' polling is answered without reading a request.
	ListCache func() (hits, misses int64)
}

// New returns the whole product's handler, /metrics included unless o.MetricsApart.
func New(o Options) http.Handler {
	h, _ := Handlers(o)
	return h
}

// Handlers returns the product's handler and, when o.MetricsApart, the handler that serves
// /metrics alone (nil otherwise).
func Handlers(o Options) (product, metricsOnly http.Handler) {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m := newMetrics(reg)
	if o.RangeData != nil {
		reg.MustRegister(newRangeCollector(o.RangeData))
	}
	if o.ListCache != nil {
		reg.MustRegister(
			prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "portdesk_api_list_cache_hits_total",
				Help: "Customers' API list pages and settled requests (the team's too) sent as kept, their accounts' list versions unchanged."},
				func() float64 { h, _ := o.ListCache(); return float64(h) }),
			prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "portdesk_api_list_cache_misses_total",
				Help: "Customers' API list pages and requests (the team's too) read afresh: none kept, or kept at versions that have moved."},
				func() float64 { _, m := o.ListCache(); return float64(m) }))
	}

	mux := http.NewServeMux()
	mux.Handle("/api/", o.API)
	mux.Handle("/", o.Web)
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte("ok\n"))
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		detail := ""
		if o.RangeData != nil {
			detail = o.RangeData().Summary() + "\n"
		}
		if err := o.Ready(ctx); err != nil {
			o.Log.Warn("not ready", "err", err)
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte("database unavailable\n" + detail))
			return
		}
		_, _ = w.Write([]byte("ready\n" + detail))
	})
	prom := promhttp.HandlerFor(reg, promhttp.HandlerOpts{})
	if !o.MetricsApart {
		mux.Handle("GET /metrics", prom)
		return m.wrap(o.Log, mux), nil
	}
	// Said here, not left to the UI, which would send a stranger to the login page.
	mux.Handle("/metrics", http.NotFoundHandler())
	apart := http.NewServeMux()
	apart.Handle("GET /metrics", prom)
	return m.wrap(o.Log, mux), apart
}

type metrics struct {
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

func newMetrics(reg prometheus.Registerer) *metrics {
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "portdesk_http_requests_total", Help: "HTTP requests by route pattern and status code.",
		}, []string{"method", "route", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "portdesk_http_request_duration_seconds", Help: "HTTP request latency by route pattern.",
			Buckets: prometheus.DefBuckets,
		}, []string{"method", "route"}),
	}
	reg.MustRegister(m.requests, m.duration)
	return m
}

// wrap logs and measures every request, and puts its id (X-Request-Id, the caller's or a
// new one) in the request context. The route label is the matched pattern, never the
// raw path, so that IDs and numbers do not explode the metric's cardinality.
func (m *metrics) wrap(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := r.Header.Get("X-Request-Id")
		if id == "" || len(id) > 64 {
			b := make([]byte, 8)
			_, _ = rand.Read(b)
			id = hex.EncodeToString(b)
		}
		w.Header().Set("X-Request-Id", id)
		// Handlers log their failures with the same id; the mux below records the matched
		// pattern on this request, so r must be the one passed on.
		r = r.WithContext(httpx.WithRequestID(r.Context(), id))
		rec := &recorder{ResponseWriter: w, code: http.StatusOK}
		next.ServeHTTP(rec, r)
		route := r.Pattern
		if route == "" {
			route = "unmatched"
		}
		elapsed := time.Since(start)
		m.requests.WithLabelValues(r.Method, route, strconv.Itoa(rec.code)).Inc()
		m.duration.WithLabelValues(r.Method, route).Observe(elapsed.Seconds())
		if r.URL.Path != "/healthz" && r.URL.Path != "/readyz" && r.URL.Path != "/metrics" {
			log.Info("http", "method", r.Method, "path", r.URL.Path, "route", route, "code", rec.code,
				"ms", elapsed.Milliseconds(), "request_id", id)
		}
	})
}

type recorder struct {
	http.ResponseWriter
	code  int
	wrote bool
}

func (r *recorder) WriteHeader(code int) {
	if !r.wrote {
		r.code, r.wrote = code, true
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	r.wrote = true
	return r.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach flushers and deadlines underneath.
func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }
