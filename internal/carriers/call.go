// Package carriers holds what every connector to an upstream carrier's porting API shares:
// one call over HTTP, written down for the team's call log, and what a failed call means in
// words. Each connector (carriers/telnyx, carriers/bandwidth) says how it authenticates, how
// its answers and its error bodies read; it imports nothing of ours but domain.
package carriers

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/portdesk/portdesk/internal/domain"
)

// CallTimeout bounds one call, inside the job's own time.
const CallTimeout = 30 * time.Second

// maxAnswer bounds what is read of one answer.
const maxAnswer = 4 << 20

// Client calls one carrier's API and writes each call down.
type Client struct {
	Name string // the carrier's name in the team's words ("Telnyx")
	Base string // the API's address, without a trailing slash
	// Logged is put before each path in the call log, for a path under Base that the log
	// should show (an account's prefix).
	Logged string
	Auth   func(*http.Request) // sets the credentials on a request
	Accept string
	// Decode reads a successful answer into out.
	Decode func(data []byte, out any) error
	// Refusal gives the carrier's own words from a refused call's body ("" when none).
	Refusal func(body []byte) string
	Clock   domain.Clock
	Record  func(domain.CarrierCall)
	HTTP    *http.Client
}

// NewClient fills what cfg leaves out: the wall clock, a record that keeps nothing, an HTTP
// client with the call timeout.
func NewClient(c Client, cfg domain.ConnectorConfig) *Client {
	c.Clock, c.Record = cfg.Clock, cfg.Record
	if c.Clock == nil {
		c.Clock = domain.SystemClock{}
	}
	if c.Record == nil {
		c.Record = func(domain.CarrierCall) {}
	}
	if c.HTTP == nil {
		c.HTTP = &http.Client{Timeout: CallTimeout}
	}
	return &c
}

// Call makes one request and writes it down: op as the team reads it, the method and path
// (never the credentials or the body, which holds the PIN), the status, the error in words.
func (c *Client) Call(ctx context.Context, op, method, path, contentType string, body []byte, out any) error {
	ctx, cancel := context.WithTimeout(ctx, CallTimeout)
	defer cancel()
	start := c.Clock.Now()
	rec := domain.CarrierCall{Operation: op, Request: method + " " + c.Logged + path, At: start.UTC()}
	err := c.do(ctx, method, path, contentType, body, out, &rec)
	if err != nil {
		rec.Error = err.Error()
	}
	rec.Took = c.Clock.Now().Sub(start)
	c.Record(rec)
	return err
}

func (c *Client) do(ctx context.Context, method, path, contentType string, body []byte, out any, rec *domain.CarrierCall) error {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.Base+path, rd)
	if err != nil {
		return fmt.Errorf("the request could not be made: %w", err)
	}
	c.Auth(req)
	req.Header.Set("Accept", c.Accept)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return &domain.Error{Code: domain.ErrUnavailable, Message: c.Name + " could not be reached: " + plainNetError(err)}
	}
	defer resp.Body.Close()
	rec.Status = resp.StatusCode
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswer))
	if err != nil {
		return &domain.Error{Code: domain.ErrUnavailable, Message: c.Name + "'s answer was cut off"}
	}
	if resp.StatusCode >= 300 {
		return c.statusError(resp.StatusCode, data)
	}
	if out == nil {
		return nil
	}
	if err := c.Decode(data, out); err != nil {
		return fmt.Errorf("%s's answer is not what was expected: %w", c.Name, err)
	}
	return nil
}

// statusError says what a failed call means, in words for the team; a busy or failing
// carrier is unavailable (the job tries again later), a refusal is invalid and carries the
// carrier's own words.
func (c *Client) statusError(status int, body []byte) error {
	switch {
	case status == http.StatusTooManyRequests:
		return &domain.Error{Code: domain.ErrUnavailable, Message: c.Name + " asked us to slow down (429): tried again later"}
	case status >= 500:
		return &domain.Error{Code: domain.ErrUnavailable, Message: fmt.Sprintf("%s failed (%d): tried again later", c.Name, status)}
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		return &domain.Error{Code: domain.ErrUnauthenticated, Message: fmt.Sprintf("%s refused our credentials (%d): an admin sets new ones under Carriers", c.Name, status)}
	case status == http.StatusNotFound:
		return &domain.Error{Code: domain.ErrNotFound, Message: c.Name + " has no such order (404)"}
	}
	words := ""
	if c.Refusal != nil {
		words = c.Refusal(body)
	}
	if words == "" {
		words = http.StatusText(status)
	}
	return &domain.Error{Code: domain.ErrInvalid, Message: fmt.Sprintf("%s refused it (%d): %s", c.Name, status, words)}
}

func plainNetError(err error) string {
	if errors.Is(err, context.DeadlineExceeded) {
		return "no answer in time"
	}
	return err.Error()
}

// Said joins a carrier's code or title and its words, leaving out what is empty.
func Said(parts ...string) string {
	var out []string
	for _, s := range parts {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return strings.Join(out, ": ")
}
