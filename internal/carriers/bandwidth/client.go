// Package bandwidth is the connector to Bandwidth's Numbers API port-ins (LNP orders): XML
// over HTTP with basic auth, every path under the carrier's account. An order is made as a
// draft with all our details, its letter and bill attached, then submitted; it is read,
// changed (a "supp"), cancelled and talked on through its notes, and Bandwidth's callbacks
// (subscriptions posting XML notifications with the basic-auth credentials set on the
// subscription) are checked and read. It imports nothing of ours but domain.
package bandwidth

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/portdesk/portdesk/internal/domain"
)

// DefaultURL is Bandwidth's Numbers (Dashboard) API, used when the carrier names no other.
const DefaultURL = "https://dashboard.bandwidth.com/api"

// callTimeout bounds one call, inside the job's own time.
const callTimeout = 30 * time.Second

// Connector drives one Bandwidth account.
type Connector struct {
	base      string // up to and including /accounts/{accountId}
	user, pw  string // the API user's credentials
	site      string
	peer      string
	hookUser  string // the callbacks' basic-auth credentials, as set on the subscription
	hookPW    string
	clock     domain.Clock
	record    func(domain.CarrierCall)
	http      *http.Client
	accountID string
}

// New is the domain.ConnectorFactory of Bandwidth carriers: the API key is "user:password"
// of a Bandwidth API user; the carrier names the account and site (sub-account), and may
// name a SIP peer (location; Bandwidth takes the site's default when none is).
func New(cfg domain.ConnectorConfig) (domain.Connector, error) {
	user, pw, ok := strings.Cut(cfg.APIKey, ":")
	if !ok || user == "" || pw == "" {
		return nil, &domain.Error{Code: domain.ErrInvalid, Message: "the Bandwidth credentials are not user:password",
			Fields: []domain.FieldError{{Field: "api_key", Code: "invalid", Message: "Paste the Bandwidth API user's name and password as user:password."}}}
	}
	c := cfg.Carrier
	if c.AccountID == "" || c.SiteID == "" {
		return nil, &domain.Error{Code: domain.ErrInvalid, Message: "a Bandwidth carrier needs its account id and site id",
			Fields: []domain.FieldError{{Field: "account_id", Code: "required", Message: "Give the Bandwidth account id and the site (sub-account) id the numbers go to."}}}
	}
	if cfg.Clock == nil {
		cfg.Clock = domain.SystemClock{}
	}
	if cfg.Record == nil {
		cfg.Record = func(domain.CarrierCall) {}
	}
	base := strings.TrimRight(c.APIURL, "/")
	if base == "" {
		base = DefaultURL
	}
	return &Connector{base: base + "/accounts/" + url.PathEscape(c.AccountID), accountID: c.AccountID, user: user, pw: pw,
		site: c.SiteID, peer: c.PeerID, hookUser: c.WebhookKey, hookPW: cfg.WebhookSecret, clock: cfg.Clock, record: cfg.Record,
		http: &http.Client{Timeout: callTimeout}}, nil
}

// codeWords is one error as Bandwidth writes it. The reference shows errors in more than one
// shape (<Errors><Code/><Description/></Errors> on an order, <ErrorList><Error>… in some
// answers, <ResponseStatus><ErrorCode/>… in others) without saying which a refused call
// answers with, so all three are read.
type codeWords struct {
	Code        string `xml:"Code"`
	ErrorCode   string `xml:"ErrorCode"`
	Description string `xml:"Description"`
}

func (e codeWords) code() string {
	return strings.TrimSpace(e.Code + e.ErrorCode)
}

type apiErrors struct {
	Errors         []codeWords `xml:"Errors"`
	ErrorList      []codeWords `xml:"ErrorList>Error"`
	ResponseStatus []codeWords `xml:"ResponseStatus"`
}

func (a apiErrors) all() []codeWords {
	var out []codeWords
	for _, e := range append(append(append([]codeWords{}, a.Errors...), a.ErrorList...), a.ResponseStatus...) {
		if e.code() != "" || strings.TrimSpace(e.Description) != "" {
			out = append(out, e)
		}
	}
	return out
}

// call makes one request and writes it down: op as the team reads it, the method and path
// (never the credentials or the body, which holds the PIN), the status, the error in words.
func (c *Connector) call(ctx context.Context, op, method, path, contentType string, body []byte, out any) error {
	ctx, cancel := context.WithTimeout(ctx, callTimeout)
	defer cancel()
	start := c.clock.Now()
	rec := domain.CarrierCall{Operation: op, Request: method + " /accounts/" + c.accountID + path, At: start.UTC()}
	err := c.do(ctx, method, path, contentType, body, out, &rec)
	if err != nil {
		rec.Error = err.Error()
	}
	rec.Took = c.clock.Now().Sub(start)
	c.record(rec)
	return err
}

func (c *Connector) do(ctx context.Context, method, path, contentType string, body []byte, out any, rec *domain.CarrierCall) error {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, rd)
	if err != nil {
		return fmt.Errorf("the request could not be made: %w", err)
	}
	req.SetBasicAuth(c.user, c.pw)
	req.Header.Set("Accept", "application/xml")
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return &domain.Error{Code: domain.ErrUnavailable, Message: "Bandwidth could not be reached: " + plainNetError(err)}
	}
	defer resp.Body.Close()
	rec.Status = resp.StatusCode
	data, err := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	if err != nil {
		return &domain.Error{Code: domain.ErrUnavailable, Message: "Bandwidth's answer was cut off"}
	}
	if resp.StatusCode >= 300 {
		return statusError(resp.StatusCode, data)
	}
	if out == nil || len(bytes.TrimSpace(data)) == 0 {
		return nil
	}
	if err := xml.Unmarshal(data, out); err != nil {
		return fmt.Errorf("Bandwidth's answer is not the XML expected: %w", err)
	}
	return nil
}

// xmlCall sends in as XML.
func (c *Connector) xmlCall(ctx context.Context, op, method, path string, in, out any) error {
	if in == nil {
		return c.call(ctx, op, method, path, "", nil, out)
	}
	b, err := xml.Marshal(in)
	if err != nil {
		return err
	}
	return c.call(ctx, op, method, path, "application/xml; charset=utf-8", append([]byte(xml.Header), b...), out)
}

// statusError says what a failed call means, in words for the team; a busy or failing
// carrier is unavailable (the job tries again later), a refusal is invalid and carries
// Bandwidth's codes and words.
func statusError(status int, body []byte) error {
	var ae apiErrors
	_ = xml.Unmarshal(body, &ae) // no error body: the status says it
	var said []string
	for _, e := range ae.all() {
		said = append(said, strings.TrimSpace(strings.Join(nonEmpty(e.code(), strings.TrimSpace(e.Description)), ": ")))
	}
	words := strings.Join(said, "; ")
	switch {
	case status == http.StatusTooManyRequests:
		return &domain.Error{Code: domain.ErrUnavailable, Message: "Bandwidth asked us to slow down (429): tried again later"}
	case status >= 500:
		return &domain.Error{Code: domain.ErrUnavailable, Message: fmt.Sprintf("Bandwidth failed (%d): tried again later", status)}
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		return &domain.Error{Code: domain.ErrUnauthenticated, Message: fmt.Sprintf("Bandwidth refused our API user (%d): an admin sets new credentials under Carriers", status)}
	case status == http.StatusNotFound:
		return &domain.Error{Code: domain.ErrNotFound, Message: "Bandwidth has no such port-in order (404)"}
	}
	if words == "" {
		words = http.StatusText(status)
	}
	return &domain.Error{Code: domain.ErrInvalid, Message: fmt.Sprintf("Bandwidth refused it (%d): %s", status, words)}
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

var _ domain.Connector = (*Connector)(nil)
