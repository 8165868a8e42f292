package httpx

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// bodyServer reads each request's body and answers 200 with its length, or 408 when the
// body could not be read. After the body it works for a while, as an import does, and says
// whether the request was cancelled meanwhile.
func bodyServer(t *testing.T, idle time.Duration) *httptest.Server {
	t.Helper()
	srv := httptest.NewUnstartedServer(BodyReadDeadline(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/refuse" {
			// Refused without reading the body: the server drains it before answering.
			w.WriteHeader(http.StatusForbidden)
			return
		}
		n, err := io.Copy(io.Discard, r.Body)
		if err != nil {
			w.WriteHeader(http.StatusRequestTimeout)
			return
		}
		select {
		case <-time.After(3 * idle):
		case <-r.Context().Done():
			w.WriteHeader(http.StatusInternalServerError)
			fmt.Fprint(w, "cancelled while working")
			return
		}
		fmt.Fprint(w, n)
	}), idle))
	srv.Config.ReadHeaderTimeout = 10 * time.Second
	srv.Start()
	t.Cleanup(srv.Close)
	return srv
}

// TestSecurityDribbledBody: a client on a raw connection that sends its body a byte at a
// time, with pauses longer than the idle deadline, is cut off long before the body ends.
func TestSecurityDribbledBody(t *testing.T) {
	t.Parallel()
	srv := bodyServer(t, 300*time.Millisecond)
	for _, tt := range []struct {
		path string
		want int
	}{
		{"/upload", http.StatusRequestTimeout}, // the handler reads the body
		{"/refuse", http.StatusForbidden},      // it does not: the server's drain is cut off
	} {
		t.Run(tt.path, func(t *testing.T) {
			t.Parallel()
			dribble(t, srv, tt.path, tt.want)
		})
	}
}

// dribble posts a body a byte a second on a raw connection and wants the answer want
// before the body is complete.
func dribble(t *testing.T, srv *httptest.Server, path string, want int) {
	conn, err := net.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	const size = 1000
	if _, err := fmt.Fprintf(conn, "POST %s HTTP/1.1\r\nHost: portdesk.test\r\nContent-Type: text/csv\r\nContent-Length: %d\r\n\r\n", path, size); err != nil {
		t.Fatal(err)
	}
	var sent atomic.Int64
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		tick := time.NewTicker(time.Second) // a byte a second: over 16 minutes for the body
		defer tick.Stop()
		for range size {
			if _, err := conn.Write([]byte("4")); err != nil {
				return
			}
			sent.Add(1)
			select {
			case <-tick.C:
			case <-stop:
				return
			}
		}
	}()
	_ = conn.SetReadDeadline(time.Now().Add(time.Minute)) // the test's own bound, not an assertion
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("no answer while dribbling (%d bytes sent): %v", sent.Load(), err)
	}
	resp.Body.Close()
	if resp.StatusCode != want || sent.Load() >= size {
		t.Fatalf("answer %d after %d of %d bytes: want the body cut off", resp.StatusCode, sent.Load(), size)
	}
}

// TestSecurityBodyDeadlineKeepsUploads: the deadline is per read, so a large body, and a
// slow one that never pauses long, both arrive whole, and a handler may work on after the
// body for longer than the deadline.
func TestSecurityBodyDeadlineKeepsUploads(t *testing.T) {
	t.Parallel()
	idle := 300 * time.Millisecond
	srv := bodyServer(t, idle)
	t.Run("large", func(t *testing.T) {
		t.Parallel()
		body := bytes.Repeat([]byte("+441134960000\n"), 600_000) // 8.4 MB
		resp, err := http.Post(srv.URL, "text/csv", bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		got, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusOK || string(got) != fmt.Sprint(len(body)) {
			t.Fatalf("answer %d %q, want 200 %d", resp.StatusCode, got, len(body))
		}
	})
	t.Run("slow but steady", func(t *testing.T) {
		t.Parallel()
		pr, pw := io.Pipe()
		go func() {
			// Fifteen pieces, a third of the deadline apart: far longer than the deadline in
			// all, never idle for it.
			for range 15 {
				if _, err := pw.Write([]byte(strings.Repeat("x", 100))); err != nil {
					return
				}
				time.Sleep(idle / 3)
			}
			pw.Close()
		}()
		resp, err := http.Post(srv.URL, "text/csv", pr)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		got, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusOK || string(got) != "1500" {
			t.Fatalf("answer %d %q, want 200 1500", resp.StatusCode, got)
		}
	})
}
