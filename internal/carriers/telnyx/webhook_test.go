package telnyx_test

import (
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"net/http"
	"testing"
	"time"

	"github.com/portdesk/portdesk/internal/carriers/telnyx"
	"github.com/portdesk/portdesk/internal/domain"
)

func fixedClock(t time.Time) domain.Clock { return clockAt{t} }

type clockAt struct{ t time.Time }

func (c clockAt) Now() time.Time { return c.t }

// Only a call signed with the carrier's key over exactly this timestamp and body, within
// five minutes of now, is taken; it names the porting order it is about.
func TestWebhookSignature(t *testing.T) {
	t.Parallel()
	pub, priv, _ := ed25519.GenerateKey(nil)
	_, other, _ := ed25519.GenerateKey(nil)
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	conn, err := telnyx.New(domain.ConnectorConfig{Carrier: domain.Carrier{WebhookKey: base64.StdEncoding.EncodeToString(pub)}, APIKey: "k", Clock: fixedClock(now)})
	if err != nil {
		t.Fatal(err)
	}
	body := []byte(`{"data":{"event_type":"porting_order.status_changed","payload":{"id":"po-1"}}}`)
	comment := []byte(`{"data":{"event_type":"porting_order.new_comment","payload":{"porting_order_id":"po-2","comment":{"body":"hi"}}}}`)
	cases := []struct {
		name    string
		key     ed25519.PrivateKey
		at      time.Time
		signed  []byte
		sent    []byte
		wantRef string
		wantErr bool
	}{
		{"good", priv, now, body, body, "po-1", false},
		{"a comment names its order", priv, now.Add(-4 * time.Minute), comment, comment, "po-2", false},
		{"another key", other, now, body, body, "", true},
		{"body changed", priv, now, body, append([]byte(" "), body...), "", true},
		{"too old", priv, now.Add(-6 * time.Minute), body, body, "", true},
		{"from the future", priv, now.Add(6 * time.Minute), body, body, "", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ts, sig := telnyx.Sign(tc.key, tc.at, tc.signed)
			h := http.Header{}
			h.Set(telnyx.HeaderTimestamp, ts)
			h.Set(telnyx.HeaderSignature, sig)
			ups, err := conn.Webhook(context.Background(), domain.CarrierWebhook{Header: h.Get, Body: tc.sent})
			if tc.wantErr {
				if !domain.IsCode(err, domain.ErrUnauthenticated) {
					t.Fatalf("want unauthenticated, got %v %+v", err, ups)
				}
				return
			}
			if err != nil || len(ups) != 1 || ups[0].Ref != tc.wantRef {
				t.Fatalf("got %+v %v", ups, err)
			}
		})
	}
	if _, err := conn.Webhook(context.Background(), domain.CarrierWebhook{Header: http.Header{}.Get, Body: body}); !domain.IsCode(err, domain.ErrUnauthenticated) {
		t.Fatalf("unsigned: %v", err)
	}
}

// FuzzWebhook: whatever arrives, signed or not, the reader answers without panicking, and
// takes nothing that is not signed.
func FuzzWebhook(f *testing.F) {
	pub, priv, _ := ed25519.GenerateKey(nil)
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	conn, err := telnyx.New(domain.ConnectorConfig{Carrier: domain.Carrier{WebhookKey: base64.StdEncoding.EncodeToString(pub)}, APIKey: "k", Clock: fixedClock(now)})
	if err != nil {
		f.Fatal(err)
	}
	f.Add([]byte(`{"data":{"event_type":"porting_order.status_changed","payload":{"id":"po-1"}}}`), "1795428000", "", true)
	f.Add([]byte(`{}`), "x", "zz", false)
	f.Fuzz(func(t *testing.T, body []byte, ts, sig string, sign bool) {
		if sign {
			ts, sig = telnyx.Sign(priv, now, body)
		}
		h := http.Header{}
		h.Set(telnyx.HeaderTimestamp, ts)
		h.Set(telnyx.HeaderSignature, sig)
		ups, err := conn.Webhook(context.Background(), domain.CarrierWebhook{Header: h.Get, Body: body})
		if !sign && err == nil && len(ups) > 0 {
			t.Fatalf("took an unsigned call: %+v", ups)
		}
	})
}
