package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// TestSecurityServeCutsDribbledBody: the real server, started as serve starts it, cuts off
// a client that dribbles a login form a byte a second, long before the form is complete.
func TestSecurityServeCutsDribbledBody(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--data", t.TempDir(), "--log-level", "error", "--body-read-idle", "300ms"}, noEnv, nil, pw, io.Discard)
		pw.Close()
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	base := readGreeting(t, pr)

	conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	// With a login token, so that the login form reads the body to check it.
	tok := strings.Repeat("t", 32)
	form := "csrf_token=" + tok + "&email=a%40b.example&password=" + strings.Repeat("x", 500)
	if _, err := fmt.Fprintf(conn, "POST /login HTTP/1.1\r\nHost: %s\r\nCookie: portdesk_login=%s\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n\r\n",
		strings.TrimPrefix(base, "http://"), tok, len(form)); err != nil {
		t.Fatal(err)
	}
	var sent atomic.Int64
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		tick := time.NewTicker(time.Second)
		defer tick.Stop()
		for i := range len(form) {
			if _, err := conn.Write([]byte{form[i]}); err != nil {
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
	_ = conn.SetReadDeadline(time.Now().Add(time.Minute)) // the test's own bound
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("no answer while dribbling (%d of %d bytes sent): %v", sent.Load(), len(form), err)
	}
	res.Body.Close()
	if n := sent.Load(); n >= int64(len(form)) || res.StatusCode == http.StatusSeeOther {
		t.Fatalf("answer %d after %d of %d bytes: want the body cut off", res.StatusCode, n, len(form))
	}
	t.Logf("cut off after %d of %d bytes with %d", sent.Load(), len(form), res.StatusCode)
}
