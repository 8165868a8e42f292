// Package telnyx is the connector to Telnyx's Porting v2 API: porting orders made from ours
// (split by Telnyx as it sees fit), documents attached, submitted, read, changed, cancelled
// and commented on, and its webhooks verified by their Ed25519 signature. It imports nothing
// of ours but domain.
package telnyx

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"

	"github.com/portdesk/portdesk/internal/carriers"
	"github.com/portdesk/portdesk/internal/domain"
)

// DefaultURL is Telnyx's API, used when the carrier names no other.
const DefaultURL = "https://api.telnyx.com/v2"

// Connector drives one Telnyx account.
type Connector struct {
	api    *carriers.Client
	hookPK []byte // the webhooks' Ed25519 public key
	clock  domain.Clock
}

// New is the domain.ConnectorFactory of Telnyx carriers.
func New(cfg domain.ConnectorConfig) (domain.Connector, error) {
	if cfg.APIKey == "" {
		return nil, errNoKey
	}
	pk, err := publicKey(cfg.Carrier.WebhookKey)
	if err != nil {
		return nil, err
	}
	base := strings.TrimRight(cfg.Carrier.APIURL, "/")
	if base == "" {
		base = DefaultURL
	}
	key := cfg.APIKey
	api := carriers.NewClient(carriers.Client{Name: "Telnyx", Base: base, Accept: "application/json",
		Auth:    func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+key) },
		Decode:  json.Unmarshal,
		Refusal: refusal,
	}, cfg)
	return &Connector{api: api, hookPK: pk, clock: api.Clock}, nil
}

// apiError is Telnyx's error body.
type apiError struct {
	Errors []struct {
		Code   string `json:"code"`
		Title  string `json:"title"`
		Detail string `json:"detail"`
	} `json:"errors"`
}

// refusal reads Telnyx's words from a refused call's body.
func refusal(body []byte) string {
	var ae apiError
	_ = json.Unmarshal(body, &ae) // no error body: the status says it
	var said []string
	for _, e := range ae.Errors {
		said = append(said, carriers.Said(e.Title, e.Detail))
	}
	return strings.Join(said, "; ")
}

// jsonCall sends in as JSON.
func (c *Connector) jsonCall(ctx context.Context, op, method, path string, in, out any) error {
	if in == nil {
		return c.api.Call(ctx, op, method, path, "", nil, out)
	}
	b, err := json.Marshal(in)
	if err != nil {
		return err
	}
	return c.api.Call(ctx, op, method, path, "application/json", b, out)
}
