package webhooks_test

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"

	"github.com/portdesk/portdesk/internal/webhooks"
)

// The example in the Standard Webhooks specification, so our signing is pinned to the spec
// itself and not only to one library's reading of it.
const (
	specSecret    = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
	specMsgID     = "msg_p5jXN8AQM9LWM0D4loKWxJek"
	specTimestamp = 1614265330
	specBody      = `{"test": 2432232314}`
	specSignature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
)

func mustSecret(t *testing.T, s string) webhooks.Secret {
	t.Helper()
	secret, err := webhooks.ParseSecret(s)
	if err != nil {
		t.Fatalf("ParseSecret(%q): %v", s, err)
	}
	return secret
}

func secretOfSize(n int) webhooks.Secret {
	s := make(webhooks.Secret, n)
	for i := range s {
		s[i] = byte(i*7 + 1)
	}
	return s
}

func TestSignMatchesSpecExample(t *testing.T) {
	t.Parallel()
	got := webhooks.Sign(mustSecret(t, specSecret), specMsgID, time.Unix(specTimestamp, 0), []byte(specBody))
	if got != specSignature {
		t.Fatalf("Sign = %q, want the spec's %q", got, specSignature)
	}
}

// The official library is what most customers verify with, so every kind of delivery we sign
// must pass it, and what it signs must pass our Verify.
func TestSignaturesInteroperateWithStandardWebhooksLibrary(t *testing.T) {
	t.Parallel()
	fresh, err := webhooks.NewSecret()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		secret webhooks.Secret
		msgID  string
		body   []byte
	}{
		{"spec secret, JSON body", mustSecret(t, specSecret), specMsgID, []byte(specBody)},
		{"new secret", fresh, webhooks.MessageID(1, 2), []byte(`{"type":"port_in.completed","data":{"number":"+442071234567"}}`)},
		{"empty body", fresh, webhooks.MessageID(3, 4), nil},
		{"64-byte secret", secretOfSize(64), webhooks.MessageID(1<<62, 9), []byte(`[]`)},
		{"non-ASCII body", secretOfSize(32), "msg_ü", []byte(`{"name":"Zoë Ångström ☎"}`)},
		{"body with dots and newlines", secretOfSize(24), "msg_a.b", []byte("a.b.c\n\r\n")},
		{"binary body", secretOfSize(40), "msg_bin", []byte{0, 0xff, '.', 0x80}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			lib, err := standardwebhooks.NewWebhook(tt.secret.String())
			if err != nil {
				t.Fatalf("library refused our secret: %v", err)
			}
			now := time.Now()

			h := webhooks.Headers(tt.secret, tt.msgID, now, tt.body)
			if err := lib.Verify(tt.body, h); err != nil {
				t.Errorf("library rejects our signature: %v", err)
			}
			if err := webhooks.Verify(tt.secret, h, tt.body, now, time.Minute); err != nil {
				t.Errorf("our Verify rejects our signature: %v", err)
			}

			libSig, err := lib.Sign(tt.msgID, now, tt.body)
			if err != nil {
				t.Fatal(err)
			}
			if ours := webhooks.Sign(tt.secret, tt.msgID, now, tt.body); ours != libSig {
				t.Errorf("Sign = %q, library signs %q", ours, libSig)
			}
			libHeaders := http.Header{}
			libHeaders.Set("webhook-id", tt.msgID)
			libHeaders.Set("webhook-timestamp", strconv.FormatInt(now.Unix(), 10))
			libHeaders.Set("webhook-signature", libSig)
			if err := webhooks.Verify(tt.secret, libHeaders, tt.body, now, time.Minute); err != nil {
				t.Errorf("our Verify rejects the library's signature: %v", err)
			}
		})
	}
}

func TestHeaders(t *testing.T) {
	t.Parallel()
	ts := time.Unix(specTimestamp, 999_000_000) // the sub-second part is dropped, as the spec says
	h := webhooks.Headers(mustSecret(t, specSecret), specMsgID, ts, []byte(specBody))
	for name, value := range map[string]string{
		"webhook-id":        specMsgID,
		"webhook-timestamp": "1614265330",
		"webhook-signature": specSignature,
		"Content-Type":      "application/json",
	} {
		if got := h.Get(name); got != value {
			t.Errorf("%s = %q, want %q", name, got, value)
		}
	}
}

func TestVerify(t *testing.T) {
	t.Parallel()
	secret := mustSecret(t, specSecret)
	other := secretOfSize(24)
	sent := time.Unix(specTimestamp, 0)
	body := []byte(specBody)
	const tolerance = 5 * time.Minute

	good := func() http.Header { return webhooks.Headers(secret, specMsgID, sent, body) }
	with := func(name, value string) http.Header {
		h := good()
		h.Set(name, value)
		return h
	}
	without := func(name string) http.Header {
		h := good()
		h.Del(name)
		return h
	}
	// Signed over an empty id, and sent with no webhook-id at all.
	noIDSigned := webhooks.Headers(secret, "", sent, body)
	noIDSigned.Del("webhook-id")

	tests := []struct {
		name    string
		secret  webhooks.Secret
		headers http.Header
		body    []byte
		now     time.Time
		valid   bool
	}{
		{"valid", secret, good(), body, sent, true},
		{"valid at the edge of tolerance, late", secret, good(), body, sent.Add(tolerance), true},
		{"valid at the edge of tolerance, early", secret, good(), body, sent.Add(-tolerance), true},
		{"rotating: second signature matches", secret,
			with("webhook-signature", webhooks.Sign(other, specMsgID, sent, body)+" "+specSignature), body, sent, true},
		{"rotating: first signature matches", secret,
			with("webhook-signature", specSignature+" v1a,c29tZXRoaW5n"), body, sent, true},
		{"tampered body", secret, good(), []byte(`{"test": 2432232315}`), sent, false},
		{"body with trailing newline", secret, good(), append(bytes.Clone(body), '\n'), sent, false},
		{"wrong secret", other, good(), body, sent, false},
		{"changed id", secret, with("webhook-id", "msg_other"), body, sent, false},
		{"changed timestamp", secret, with("webhook-timestamp", "1614265331"), body, sent, false},
		{"too old", secret, good(), body, sent.Add(tolerance + time.Second), false},
		{"too far in the future", secret, good(), body, sent.Add(-tolerance - time.Second), false},
		{"timestamp not a number", secret, with("webhook-timestamp", "2021-02-25T15:02:10Z"), body, sent, false},
		{"timestamp in milliseconds", secret, with("webhook-timestamp", "1614265330000"), body, sent, false},
		{"no id", secret, without("webhook-id"), body, sent, false},
		{"no id, signed over an empty id", secret, noIDSigned, body, sent, false},
		{"no timestamp", secret, without("webhook-timestamp"), body, sent, false},
		{"no signature", secret, without("webhook-signature"), body, sent, false},
		{"signature without version", secret, with("webhook-signature", strings.TrimPrefix(specSignature, "v1,")), body, sent, false},
		{"other version only", secret, with("webhook-signature", "v2,"+strings.TrimPrefix(specSignature, "v1,")), body, sent, false},
		{"signature not base64", secret, with("webhook-signature", "v1,!!!"), body, sent, false},
		{"truncated signature", secret, with("webhook-signature", specSignature[:20]), body, sent, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := webhooks.Verify(tt.secret, tt.headers, tt.body, tt.now, tolerance)
			if (err == nil) != tt.valid {
				t.Fatalf("Verify = %v, want valid %v", err, tt.valid)
			}
		})
	}
}

func TestNewSecret(t *testing.T) {
	t.Parallel()
	a, err := webhooks.NewSecret()
	if err != nil {
		t.Fatal(err)
	}
	b, err := webhooks.NewSecret()
	if err != nil {
		t.Fatal(err)
	}
	if len(a) != 24 {
		t.Errorf("NewSecret is %d bytes, want 24", len(a))
	}
	if bytes.Equal(a, b) {
		t.Error("two NewSecret calls gave the same key")
	}
	if !strings.HasPrefix(a.String(), "whsec_") {
		t.Errorf("String = %q, want the whsec_ prefix", a.String())
	}
}

func TestParseSecretRoundTrips(t *testing.T) {
	t.Parallel()
	fresh, err := webhooks.NewSecret()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []webhooks.Secret{fresh, secretOfSize(24), secretOfSize(33), secretOfSize(64)} {
		got, err := webhooks.ParseSecret(s.String())
		if err != nil {
			t.Fatalf("ParseSecret(%q): %v", s, err)
		}
		if !bytes.Equal(got, s) || got.String() != s.String() {
			t.Fatalf("ParseSecret(%q) = %x, want %x", s, []byte(got), []byte(s))
		}
	}
}

func TestParseSecretRefuses(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, secret, wantInError string
	}{
		{"empty", "", "whsec_"},
		{"no prefix", strings.TrimPrefix(specSecret, "whsec_"), "whsec_"},
		{"other prefix", "wh_" + strings.TrimPrefix(specSecret, "whsec_"), "whsec_"},
		{"upper-case prefix", "WHSEC_" + strings.TrimPrefix(specSecret, "whsec_"), "whsec_"},
		{"leading space", " " + specSecret, "whsec_"},
		{"not base64", "whsec_not base64!", "base64"},
		{"URL-safe base64", "whsec_" + strings.Repeat("-_", 16), "base64"},
		{"missing padding", "whsec_" + strings.TrimRight(secretOfSize(25).String()[6:], "="), "base64"},
		{"prefix only", "whsec_", "24 to 64 bytes"},
		{"too short", "whsec_c2hvcnQ=", "24 to 64 bytes"},
		{"23 bytes", secretOfSize(23).String(), "24 to 64 bytes"},
		{"65 bytes", secretOfSize(65).String(), "24 to 64 bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, err := webhooks.ParseSecret(tt.secret)
			if err == nil {
				t.Fatalf("ParseSecret(%q) = %x, want an error", tt.secret, []byte(s))
			}
			if !strings.Contains(err.Error(), tt.wantInError) {
				t.Fatalf("ParseSecret(%q) error %q does not mention %q", tt.secret, err, tt.wantInError)
			}
		})
	}
}

func TestMessageID(t *testing.T) {
	t.Parallel()
	tests := []struct {
		event, endpoint int64
		want            string
	}{
		{1, 2, "msg_1_2"},
		{2, 1, "msg_2_1"},
		{12, 3, "msg_12_3"},
		{1, 23, "msg_1_23"},
		{9223372036854775807, 0, "msg_9223372036854775807_0"},
	}
	seen := map[string]bool{}
	for _, tt := range tests {
		got := webhooks.MessageID(tt.event, tt.endpoint)
		if got != tt.want {
			t.Errorf("MessageID(%d, %d) = %q, want %q", tt.event, tt.endpoint, got, tt.want)
		}
		if seen[got] {
			t.Errorf("MessageID %q given to two deliveries", got)
		}
		seen[got] = true
	}
}
