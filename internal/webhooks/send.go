package webhooks

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"
)

// Sender posts signed deliveries.
type Sender struct {
	client *http.Client
	// Now stamps webhook-timestamp: the moment of sending, by the wall clock, since receivers
	// compare it with theirs to refuse replays.
	Now func() time.Time
}

// NewSender makes a sender that dials only what the policy allows, follows no redirects (a
// redirect could lead to a private address) and gives an endpoint timeout to answer.
func NewSender(policy URLPolicy, timeout time.Duration) *Sender {
	tr := &http.Transport{
		Proxy:               nil, // a proxy would dial for us, past the policy
		DialContext:         policy.DialContext(&net.Dialer{Timeout: 10 * time.Second}),
		TLSHandshakeTimeout: 10 * time.Second,
		MaxIdleConnsPerHost: 2,
		IdleConnTimeout:     90 * time.Second,
	}
	return &Sender{
		client: &http.Client{Transport: tr, Timeout: timeout,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }},
		Now: time.Now,
	}
}

// Result is what the endpoint answered.
type Result struct {
	Status   int
	Body     string // the first kilobyte, for the delivery log
	Duration time.Duration
}

// Send posts one delivery. Anything but a 2xx answer is an error, to be retried.
func (s *Sender) Send(ctx context.Context, url string, secret Secret, msgID string, body []byte) (Result, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return Result{}, err
	}
	for k, v := range Headers(secret, msgID, s.Now(), body) {
		req.Header[k] = v
	}
	req.Header.Set("User-Agent", "PortDesk-Webhooks/1")
	start := time.Now()
	res, err := s.client.Do(req)
	if err != nil {
		return Result{Duration: time.Since(start)}, err
	}
	defer res.Body.Close()
	head, _ := io.ReadAll(io.LimitReader(res.Body, 1024))
	_, _ = io.Copy(io.Discard, io.LimitReader(res.Body, 1<<20)) // let the connection be reused
	r := Result{Status: res.StatusCode, Body: string(head), Duration: time.Since(start)}
	if res.StatusCode < 200 || res.StatusCode > 299 {
		return r, fmt.Errorf("the endpoint answered %d", res.StatusCode)
	}
	return r, nil
}
