package telnyx

import (
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/portdesk/portdesk/internal/domain"
)

// Telnyx signs each webhook with Ed25519 over "timestamp|body", the timestamp in Unix
// seconds; one older or newer than tolerance is refused, so a captured call cannot be
// replayed later.
const (
	HeaderSignature = "telnyx-signature-ed25519"
	HeaderTimestamp = "telnyx-timestamp"
	tolerance       = 5 * time.Minute
)

// publicKey reads the webhook key as Telnyx's portal shows it (base64).
func publicKey(s string) (ed25519.PublicKey, error) {
	b, err := base64.StdEncoding.DecodeString(strings.TrimSpace(s))
	if err != nil || len(b) != ed25519.PublicKeySize {
		return nil, &domain.Error{Code: domain.ErrInvalid, Message: "the Telnyx webhook key is not a base64 Ed25519 public key",
			Fields: []domain.FieldError{{Field: "webhook_key", Code: "invalid", Message: "Paste the public key from Telnyx's portal (base64, 44 characters)."}}}
	}
	return ed25519.PublicKey(b), nil
}

// Verify checks a webhook call's signature and age against the key at now.
func Verify(pk ed25519.PublicKey, now time.Time, header func(string) string, body []byte) error {
	unauth := func(why string) error {
		return &domain.Error{Code: domain.ErrUnauthenticated, Message: "not a webhook of Telnyx's: " + why}
	}
	ts, sig := header(HeaderTimestamp), header(HeaderSignature)
	if ts == "" || sig == "" {
		return unauth("no signature")
	}
	secs, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return unauth("the timestamp is not a number")
	}
	if d := now.Sub(time.Unix(secs, 0)); d > tolerance || d < -tolerance {
		return unauth("the timestamp is more than 5 minutes off")
	}
	raw, err := base64.StdEncoding.DecodeString(sig)
	if err != nil || len(raw) != ed25519.SignatureSize {
		return unauth("the signature is not base64 Ed25519")
	}
	msg := append([]byte(ts+"|"), body...)
	if !ed25519.Verify(pk, msg, raw) {
		return unauth("the signature does not match")
	}
	return nil
}

// Sign is what Telnyx does to a webhook, for tests and the fake carrier.
func Sign(sk ed25519.PrivateKey, at time.Time, body []byte) (timestamp, signature string) {
	timestamp = strconv.FormatInt(at.Unix(), 10)
	return timestamp, base64.StdEncoding.EncodeToString(ed25519.Sign(sk, append([]byte(timestamp+"|"), body...)))
}

// hook is the part of a porting webhook we read: which order it is about.
type hook struct {
	Data struct {
		ID        string `json:"id"`
		EventType string `json:"event_type"`
		Payload   struct {
			ID             string `json:"id"`
			PortingOrderID string `json:"porting_order_id"`
		} `json:"payload"`
	} `json:"data"`
}

// Webhook verifies the call and names the order it is about; the order is then read as
// Telnyx has it now (a webhook may come late or twice).
func (c *Connector) Webhook(_ context.Context, in domain.CarrierWebhook) ([]domain.CarrierUpdate, error) {
	if err := Verify(c.hookPK, c.clock.Now(), in.Header, in.Body); err != nil {
		return nil, err
	}
	var h hook
	if err := json.Unmarshal(in.Body, &h); err != nil {
		return nil, &domain.Error{Code: domain.ErrInvalid, Message: "the webhook is not JSON"}
	}
	ref := h.Data.Payload.PortingOrderID
	if ref == "" {
		ref = h.Data.Payload.ID
	}
	if !strings.HasPrefix(h.Data.EventType, "porting_order.") || ref == "" {
		return nil, nil // not about a porting order: nothing to do
	}
	return []domain.CarrierUpdate{{Ref: ref, EventID: h.Data.ID}}, nil
}

var _ domain.Connector = (*Connector)(nil)

// errNoKey: a Telnyx carrier is driven with its API key or not at all.
var errNoKey = errors.New("telnyx: no API key")
