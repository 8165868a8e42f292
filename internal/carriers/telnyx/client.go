// Package telnyx is the connector to Telnyx's Porting v2 API: porting orders made from ours
// (split by Telnyx as it sees fit), documents attached, submitted, read, changed, cancelled
// and commented on, and its webhooks verified by their Ed25519 signature. It imports nothing
// of ours but domain.
package telnyx

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/portdesk/portdesk/internal/domain"
)

// DefaultURL is Telnyx's API, used when the carrier names no other.
const DefaultURL = "https://api.telnyx.com/v2"

// callTimeout bounds one call, inside the job's own time.
const callTimeout = 30 * time.Second

// Connector drives one Telnyx account.
type Connector struct {
	base   string
	key    string
	hookPK []byte // the webhooks' Ed25519 public key
	clock  domain.Clock
	record func(domain.CarrierCall)
	http   *http.Client
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
	if cfg.Clock == nil {
		cfg.Clock = domain.SystemClock{}
	}
	if cfg.Record == nil {
		cfg.Record = func(domain.CarrierCall) {}
	}
	base := strings.TrimRight(cfg.Carrier.APIURL, "/")
	if base == "" {
		base = DefaultURL
	}
	return &Connector{base: base, key: cfg.APIKey, hookPK: pk, clock: cfg.Clock, record: cfg.Record,
		http: &http.Client{Timeout: callTimeout}}, nil
}

// apiError is Telnyx's error body.
type apiError struct {
	Errors []struct {
		Code   string `json:"code"`
		Title  string `json:"title"`
		Detail string `json:"detail"`
	} `json:"errors"`
}

// call makes one request and writes it down: op as the team reads it, the method and path
// (never the key or the body, which holds the PIN), the status, the error in words.
func (c *Connector) call(ctx context.Context, op, method, path, contentType string, body io.Reader, out any) error {
	ctx, cancel := context.WithTimeout(ctx, callTimeout)
	defer cancel()
	start := c.clock.Now()
	rec := domain.CarrierCall{Operation: op, Request: method + " " + path, At: start.UTC()}
	err := c.do(ctx, method, path, contentType, body, out, &rec)
	if err != nil {
		rec.Error = err.Error()
	}
	rec.Took = c.clock.Now().Sub(start)
	c.record(rec)
	return err
}

func (c *Connector) do(ctx context.Context, method, path, contentType string, body io.Reader, out any, rec *domain.CarrierCall) error {
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, body)
	if err != nil {
		return fmt.Errorf("the request could not be made: %w", err)
	}
	req.Header.Set("Authorization", "Bearer "+c.key)
	req.Header.Set("Accept", "application/json")
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return &domain.Error{Code: domain.ErrUnavailable, Message: "Telnyx could not be reached: " + plainNetError(err)}
	}
	defer resp.Body.Close()
	rec.Status = resp.StatusCode
	data, err := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	if err != nil {
		return &domain.Error{Code: domain.ErrUnavailable, Message: "Telnyx's answer was cut off"}
	}
	if resp.StatusCode >= 300 {
		return statusError(resp.StatusCode, data)
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(data, out); err != nil {
		return fmt.Errorf("Telnyx's answer is not the JSON expected: %w", err)
	}
	return nil
}

// statusError says what a failed call means, in words for the team; a busy or failing
// carrier is unavailable (the job tries again later), a refusal is invalid.
func statusError(status int, body []byte) error {
	var ae apiError
	_ = json.Unmarshal(body, &ae) // no error body: the status says it
	var said []string
	for _, e := range ae.Errors {
		said = append(said, strings.TrimSpace(strings.Join(nonEmpty(e.Title, e.Detail), ": ")))
	}
	words := strings.Join(said, "; ")
	switch {
	case status == http.StatusTooManyRequests:
		return &domain.Error{Code: domain.ErrUnavailable, Message: "Telnyx asked us to slow down (429): tried again later"}
	case status >= 500:
		return &domain.Error{Code: domain.ErrUnavailable, Message: fmt.Sprintf("Telnyx failed (%d): tried again later", status)}
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		return &domain.Error{Code: domain.ErrUnauthenticated, Message: fmt.Sprintf("Telnyx refused our API key (%d): an admin sets a new one under Carriers", status)}
	case status == http.StatusNotFound:
		return &domain.Error{Code: domain.ErrNotFound, Message: "Telnyx has no such order (404)"}
	}
	if words == "" {
		words = http.StatusText(status)
	}
	return &domain.Error{Code: domain.ErrInvalid, Message: fmt.Sprintf("Telnyx refused it (%d): %s", status, words)}
}

func plainNetError(err error) string {
	if errors.Is(err, context.DeadlineExceeded) {
		return "no answer in time"
	}
	return err.Error()
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// jsonCall sends in as JSON.
func (c *Connector) jsonCall(ctx context.Context, op, method, path string, in, out any) error {
	if in == nil {
		return c.call(ctx, op, method, path, "", nil, out)
	}
	b, err := json.Marshal(in)
	if err != nil {
		return err
	}
	return c.call(ctx, op, method, path, "application/json", bytes.NewReader(b), out)
}
