package webhooks_test

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"

	"github.com/portdesk/portdesk/webhooks"
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

func TestURLPolicy(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	strict, open := webhooks.URLPolicy{}, webhooks.URLPolicy{AllowPrivate: true}
	tests := []struct {
		url         string
		strict, all bool
	}{
		{"https://93.184.216.34/hooks", true, true},
		{"http://93.184.216.34:8080/hooks", true, true},
		{"ftp://93.184.216.34/x", false, false},
		{"https://user:pw@93.184.216.34/x", false, false},
		{"https:///nohost", false, false},
		{"http://127.0.0.1:9000/x", false, true},
		{"http://localhost/x", false, true},
		{"http://10.0.0.1/x", false, true},
		{"http://172.16.5.4/x", false, true},
		{"http://192.168.1.1/x", false, true},
		{"http://169.254.169.254/latest/meta-data", false, true},
		{"http://100.64.0.1/x", false, true},
		{"http://[::1]/x", false, true},
		{"http://[fd00::1]/x", false, true},
		{"http://[::ffff:127.0.0.1]/x", false, true},
		{"http://0.0.0.0/x", false, true},
		{"https://" + strings.Repeat("a", 2050) + ".example/", false, false},
	}
	for _, tt := range tests {
		if err := strict.Check(ctx, tt.url, nil); (err == nil) != tt.strict {
			t.Errorf("strict %.60s: %v", tt.url, err)
		}
		if err := open.Check(ctx, tt.url, nil); (err == nil) != tt.all {
			t.Errorf("allowing private %.60s: %v", tt.url, err)
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

// offline resolves nothing: the fuzzer must not touch the network.
var offline = &net.Resolver{PreferGo: true, Dial: func(ctx context.Context, network, address string) (net.Conn, error) {
	return nil, errors.New("offline")
}}

func FuzzCheckURL(f *testing.F) {
	for _, s := range []string{"https://93.184.216.34/x", "http://[::1]/", "ftp://x", "http://a b/", "https://user@h/", "http://%zz/", "http://[::ffff:10.0.0.1]:80/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		err := webhooks.URLPolicy{}.Check(context.Background(), raw, offline)
		if err == nil && !strings.HasPrefix(strings.ToLower(raw), "http") {
			t.Fatalf("accepted %q", raw)
		}
	})
}
