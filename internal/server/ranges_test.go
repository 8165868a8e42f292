package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/portdesk/portdesk/internal/ranges"
)

// TestRangeDataInProbesAndMetrics: /readyz stays ready without range data and says what is
// loaded; /metrics gives blocks and files per register and each register's date.
func TestRangeDataInProbesAndMetrics(t *testing.T) {
	t.Parallel()
	dated := time.Date(2026, 5, 4, 6, 0, 0, 0, time.UTC)
	dir := t.TempDir()
	src, err := os.ReadFile(filepath.Join("..", "ranges", "testdata", "ofcom_s1_sample.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "s1.csv"), src, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(filepath.Join(dir, "s1.csv"), dated, dated); err != nil {
		t.Fatal(err)
	}
	loaded, err := ranges.LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		index     *ranges.Index // nil: nothing loaded
		dbDown    bool
		code      int
		readyz    []string
		metrics   []string
		noMetrics []string
	}{
		{name: "fresh install: ready, and says there is no range data", code: 200,
			readyz:    []string{"ready\n", "range data: none loaded, so UK range holders are unknown"},
			metrics:   []string{`portdesk_range_blocks{register="ofcom"} 0`, `portdesk_range_blocks{register="cnac"} 0`, `portdesk_range_files{register="nanpa"} 0`, "portdesk_range_reload_failed 0"},
			noMetrics: []string{"portdesk_range_register_date_seconds{"}},
		{name: "Ofcom loaded", index: loaded, code: 200,
			readyz: []string{"ready\n", "range data: ofcom 5 blocks from 1 file dated 2026-05-04; nanpa none; nanpa_block none; cnac none"},
			metrics: []string{`portdesk_range_blocks{register="ofcom"} 5`, `portdesk_range_files{register="ofcom"} 1`,
				fmt.Sprintf(`portdesk_range_register_date_seconds{register="ofcom"} %g`, float64(dated.Unix())), `portdesk_range_blocks{register="nanpa_block"} 0`},
			noMetrics: []string{`portdesk_range_register_date_seconds{register="nanpa"}`}},
		{name: "database down: not ready, range data still told", dbDown: true, code: 503,
			readyz: []string{"database unavailable\n", "range data: none loaded"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var set ranges.Set
			if tt.index != nil {
				set.Swap(tt.index)
			}
			h := New(Options{Log: slog.New(slog.DiscardHandler), API: http.NotFoundHandler(), Web: http.NotFoundHandler(),
				Ready: func(context.Context) error {
					if tt.dbDown {
						return errors.New("down")
					}
					return nil
				},
				RangeData: set.Status})
			get := func(path string) (int, string) {
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
				b, _ := io.ReadAll(rec.Body)
				return rec.Code, string(b)
			}
			code, body := get("/readyz")
			if code != tt.code {
				t.Fatalf("readyz %d: %s", code, body)
			}
			for _, w := range tt.readyz {
				if !strings.Contains(body, w) {
					t.Errorf("readyz lacks %q:\n%s", w, body)
				}
			}
			if strings.Contains(body, dir) {
				t.Errorf("readyz shows the range directory:\n%s", body)
			}
			_, metrics := get("/metrics")
			for _, w := range tt.metrics {
				if !strings.Contains(metrics, w+"\n") {
					t.Errorf("metrics lack %s", w)
				}
			}
			for _, w := range tt.noMetrics {
				if strings.Contains(metrics, w) {
					t.Errorf("metrics have %s", w)
				}
			}
		})
	}
}
