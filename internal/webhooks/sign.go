package webhooks

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

const secretPrefix = "whsec_"

// Secret is an endpoint's signing key.
type Secret []byte

// NewSecret makes a random 24-byte key.
func NewSecret() (Secret, error) {
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		return nil, err
	}
	return Secret(b), nil
}

// String is the key as customers store it: whsec_ and base64.
func (s Secret) String() string { return secretPrefix + base64.StdEncoding.EncodeToString(s) }

// ParseSecret reads a whsec_ key.
func ParseSecret(s string) (Secret, error) {
	raw, ok := strings.CutPrefix(s, secretPrefix)
	if !ok {
		return nil, errors.New("a webhook secret starts with whsec_")
	}
	b, err := base64.StdEncoding.DecodeString(raw)
	if err != nil {
		return nil, errors.New("a webhook secret is whsec_ and base64")
	}
	if len(b) < 24 || len(b) > 64 {
		return nil, fmt.Errorf("a webhook secret holds 24 to 64 bytes, not %d", len(b))
	}
	return Secret(b), nil
}

// Sign is the webhook-signature value: v1, and the base64 HMAC-SHA256 of id.timestamp.body.
func Sign(secret Secret, msgID string, ts time.Time, body []byte) string {
	mac := hmac.New(sha256.New, secret)
	fmt.Fprintf(mac, "%s.%d.", msgID, ts.Unix())
	mac.Write(body)
	return "v1," + base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// Headers are the Standard Webhooks headers of one delivery.
func Headers(secret Secret, msgID string, ts time.Time, body []byte) http.Header {
	h := http.Header{}
	h.Set("webhook-id", msgID)
	h.Set("webhook-timestamp", strconv.FormatInt(ts.Unix(), 10))
	h.Set("webhook-signature", Sign(secret, msgID, ts, body))
	h.Set("Content-Type", "application/json")
	return h
}

// Verify checks a delivery as a receiver should: all three headers present, a fresh timestamp
// and a matching signature among those sent (several when a key is being rotated).
func Verify(secret Secret, h http.Header, body []byte, now time.Time, tolerance time.Duration) error {
	if h.Get("webhook-id") == "" || h.Get("webhook-timestamp") == "" || h.Get("webhook-signature") == "" {
		return errors.New("the webhook-id, webhook-timestamp and webhook-signature headers are all required")
	}
	unix, err := strconv.ParseInt(h.Get("webhook-timestamp"), 10, 64)
	if err != nil {
		return errors.New("no webhook-timestamp")
	}
	ts := time.Unix(unix, 0)
	if d := now.Sub(ts); d > tolerance || d < -tolerance {
		return errors.New("webhook-timestamp outside the tolerance")
	}
	want := Sign(secret, h.Get("webhook-id"), ts, body)
	for _, sig := range strings.Fields(h.Get("webhook-signature")) {
		if hmac.Equal([]byte(sig), []byte(want)) {
			return nil
		}
	}
	return errors.New("no matching webhook-signature")
}

// MessageID is the webhook-id of an event's delivery to an endpoint: the same on every retry
// and redelivery, so receivers can drop duplicates.
func MessageID(eventID, endpointID int64) string {
	return fmt.Sprintf("msg_%d_%d", eventID, endpointID)
}
