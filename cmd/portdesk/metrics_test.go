package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
)

// With --metrics-addr, /metrics is served there and the public listener answers 404.
func TestSecurityServeMetricsApart(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--metrics-addr", "127.0.0.1:0", "--data", dir, "--log-level", "warn"}, noEnv, nil, pw, io.Discard)
		pw.Close()
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	var base, metrics string
	sc := bufio.NewScanner(pr)
	for sc.Scan() && (base == "" || metrics == "") {
		line := strings.TrimSpace(sc.Text())
		if rest, ok := strings.CutPrefix(line, "Metrics at "); ok {
			metrics = rest
		}
		if i := strings.Index(line, "http://"); i >= 0 && strings.HasSuffix(line, "/login") {
			base = strings.TrimSuffix(line[i:], "/login")
		}
	}
	go func() { _, _ = io.Copy(io.Discard, pr) }()
	if base == "" || metrics == "" {
		t.Fatalf("serve did not name its listeners: %q %q", base, metrics)
	}
	get := func(url string) (int, []byte) {
		res, err := http.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, b
	}
	if code, _ := get(base + "/healthz"); code != 200 {
		t.Fatalf("healthz %d", code)
	}
	if code, body := get(base + "/metrics"); code != http.StatusNotFound || bytes.Contains(body, []byte("portdesk_http")) {
		t.Errorf("public /metrics: %d %s", code, body)
	}
	if code, body := get(metrics); code != 200 || !bytes.Contains(body, []byte(`portdesk_http_requests_total{code="200",method="GET",route="GET /healthz"} 1`)) ||
		!bytes.Contains(body, []byte("portdesk_api_list_cache_hits_total 0")) || !bytes.Contains(body, []byte("portdesk_api_list_cache_misses_total 0")) {
		t.Errorf("metrics listener: %d %s", code, body)
	}
}
