package webhooks_test

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"testing"
	"time"

	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"

	"github.com/portdesk/portdesk/internal/webhooks"
)

// Our signatures verify with the Standard Webhooks reference library.
func TestSignatureVerifiesWithTheStandardLibrary(t *testing.T) {
	t.Parallel()
	secret, err := webhooks.NewSecret()
	if err != nil {
		t.Fatal(err)
	}
	body := []byte(`{"type":"port_in.completed","data":{"id":42}}`)
	h := webhooks.Headers(secret, webhooks.MessageID(7, 3), time.Now(), body)
	wh, err := standardwebhooks.NewWebhook(secret.String())
	if err != nil {
		t.Fatal(err)
	}
	if err := wh.Verify(body, h); err != nil {
		t.Fatalf("the reference library refuses our signature: %v", err)
	}
	if err := wh.Verify([]byte(`{"type":"port_in.completed","data":{"id":43}}`), h); err == nil {
		t.Fatal("a tampered body verified")
	}
	if h.Get("webhook-id") != "msg_7_3" {
		t.Errorf("webhook-id %q", h.Get("webhook-id"))
	}
}

func TestVerifyAndSecrets(t *testing.T) {
	t.Parallel()
	secret, _ := webhooks.NewSecret()
	other, _ := webhooks.NewSecret()
	now := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	body := []byte(`{"a":1}`)
	h := webhooks.Headers(secret, "msg_1_1", now, body)
	if err := webhooks.Verify(secret, h, body, now.Add(time.Minute), 5*time.Minute); err != nil {
		t.Fatal(err)
	}
	for name, err := range map[string]error{
		"tampered":     webhooks.Verify(secret, h, []byte(`{"a":2}`), now, 5*time.Minute),
		"wrong secret": webhooks.Verify(other, h, body, now, 5*time.Minute),
		"replayed":     webhooks.Verify(secret, h, body, now.Add(10*time.Minute), 5*time.Minute),
	} {
		if err == nil {
			t.Errorf("%s: verified", name)
		}
	}
	// Rotating keys: either signature may match.
	h.Set("webhook-signature", webhooks.Sign(other, "msg_1_1", now, body)+" "+h.Get("webhook-signature"))
	if err := webhooks.Verify(secret, h, body, now, 5*time.Minute); err != nil {
		t.Errorf("two signatures: %v", err)
	}
	back, err := webhooks.ParseSecret(secret.String())
	if err != nil || string(back) != string(secret) {
		t.Fatalf("round trip: %v", err)
	}
	for _, bad := range []string{"", "abc", "whsec_!!", "whsec_" + "c2hvcnQ="} {
		if _, err := webhooks.ParseSecret(bad); err == nil {
			t.Errorf("ParseSecret(%q) accepted", bad)
		}
	}
}

// The dialer checks the address actually connected to, and no redirect is followed.
func TestSenderDialsOnlyAllowedAddresses(t *testing.T) {
	t.Parallel()
	secret, _ := webhooks.NewSecret()
	wh, _ := standardwebhooks.NewWebhook(secret.String())
	var verified error
	mux := http.NewServeMux()
	mux.HandleFunc("/ok", func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		verified = wh.Verify(body, r.Header)
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("/fail", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "down for maintenance", http.StatusServiceUnavailable)
	})
	mux.HandleFunc("/redirect", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/ok", http.StatusFound) })
	srv := httptest.NewServer(mux)
	defer srv.Close()
	ctx := context.Background()
	body := []byte(`{"type":"port_in.submitted"}`)

	_, err := webhooks.NewSender(webhooks.URLPolicy{}, 5*time.Second).Send(ctx, srv.URL+"/ok", secret, "msg_1_1", body)
	if !errors.Is(err, webhooks.ErrForbiddenAddress) {
		t.Fatalf("loopback dialled under the strict policy: %v", err)
	}
	s := webhooks.NewSender(webhooks.URLPolicy{AllowPrivate: true}, 5*time.Second)
	res, err := s.Send(ctx, srv.URL+"/ok", secret, "msg_1_1", body)
	if err != nil || res.Status != 204 || verified != nil {
		t.Fatalf("allowed: %v %+v verified=%v", err, res, verified)
	}
	res, err = s.Send(ctx, srv.URL+"/fail", secret, "msg_1_1", body)
	if err == nil || res.Status != 503 || !strings.Contains(res.Body, "maintenance") {
		t.Fatalf("a 503 was not a failure: %v %+v", err, res)
	}
	if res, err = s.Send(ctx, srv.URL+"/redirect", secret, "msg_1_1", body); err == nil || res.Status != 302 {
		t.Fatalf("a redirect was followed or accepted: %v %+v", err, res)
	}
}

func TestBackoff(t *testing.T) {
	t.Parallel()
	var total time.Duration
	for n := 1; ; n++ {
		d, ok := webhooks.NextAttempt(n)
		if !ok {
			if n != webhooks.MaxAttempts {
				t.Fatalf("gave up after attempt %d, MaxAttempts %d", n, webhooks.MaxAttempts)
			}
			break
		}
		if n > 1 {
			prev, _ := webhooks.NextAttempt(n - 1)
			if d < prev {
				t.Errorf("attempt %d waits less than the one before", n)
			}
		}
		total += d
	}
	if total < 24*time.Hour || total > 30*time.Hour {
		t.Errorf("retries span %v, want about a day", total)
	}
}

// offline answers from /etc/hosts only (so localhost resolves) and fails every DNS query:
// no test and no fuzz input touches the network.
var offline = &net.Resolver{PreferGo: true, Dial: func(ctx context.Context, network, address string) (net.Conn, error) {
	return nil, errors.New("offline")
}}

// FuzzCheckURL feeds Check arbitrary strings: it must never panic, and what it allows must be
// a well-formed http(s) URL with a host and no credentials that a looser policy allows too.
func FuzzCheckURL(f *testing.F) {
	for _, s := range []string{
		"https://192.0.2.7/x",
		"http://127.0.0.1:8080/",
		"http://localhost/",
		"http://[::1]/",
		"http://[::ffff:10.0.0.1]:80/",
		"http://[::ffff:127.0.0.1]/",
		"http://[fe80::1%25eth0]:80/",
		"http://[64:ff9b::7f00:1]/",
		"https://user@h/",
		"https://user:pass@example.com/",
		"https://hooks.example.com./x?y#z",
		"http://0x7f.1/",
		"http://2130706433",
		"https://192.0.2.7:0/",
		"http:opaque",
		"ftp://x",
		"http://a b/",
		"http://%zz/",
		"http://[::1",
		"http://%41:80/",
		"http://.:1/",
		"",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		strictErr := webhooks.URLPolicy{}.Check(ctx, raw, offline)
		looseErr := webhooks.URLPolicy{AllowPrivate: true}.Check(ctx, raw, offline)
		if strictErr == nil && looseErr != nil {
			t.Fatalf("Check(%q) allowed strictly but refused with private allowed: %v", raw, looseErr)
		}
		if looseErr != nil {
			return
		}
		u, err := url.Parse(raw)
		if err != nil {
			t.Fatalf("Check allowed %q, which url.Parse refuses: %v", raw, err)
		}
		if u.Scheme != "http" && u.Scheme != "https" || u.Hostname() == "" || u.User != nil || len(raw) > 2048 {
			t.Fatalf("Check allowed %q: scheme %q, host %q, user %v", raw, u.Scheme, u.Hostname(), u.User)
		}
		if strictErr == nil {
			if a, err := netip.ParseAddr(u.Hostname()); err == nil && (a.IsLoopback() || a.IsPrivate() ||
				a.IsLinkLocalUnicast() || a.IsUnspecified() || a.WithZone("").Unmap().IsLoopback()) {
				t.Fatalf("Check allowed %q, which is not a public address", raw)
			}
		}
	})
}
