package api

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/desktest"
)

var (
	specOnce sync.Once
	spec     *openapi3.T
	specErr  error
)

func loadSpec(t testing.TB) *openapi3.T {
	t.Helper()
	specOnce.Do(func() {
		// Streamed check results are a string in the document; the tests read each line.
		openapi3filter.RegisterBodyDecoder("application/x-ndjson", openapi3filter.FileBodyDecoder)
		openapi3filter.RegisterBodyDecoder("text/csv", openapi3filter.FileBodyDecoder)
		for _, ct := range []string{"application/pdf", "image/png", "image/jpeg"} {
			openapi3filter.RegisterBodyDecoder(ct, openapi3filter.FileBodyDecoder)
		}
		l := openapi3.NewLoader()
		spec, specErr = l.LoadFromData(openapiDoc)
		if specErr == nil {
			specErr = spec.Validate(context.Background())
		}
	})
	if specErr != nil {
		t.Fatalf("openapi.json: %v", specErr)
	}
	return spec
}

// client talks to the real API over loopback and holds every response to the OpenAPI
// document, so the document cannot drift from what the API does.
type client struct {
	t      testing.TB
	base   string
	router routers.Router
}

func newClient(t testing.TB, env *desktest.Env) *client {
	t.Helper()
	c, _ := newClientAPI(t, env)
	return c
}

// newClientAPI is newClient with the api it talks to.
func newClientAPI(t testing.TB, env *desktest.Env) (*client, *api) {
	t.Helper()
	env.UseLimits(t, desk.Limits{MaxBodyBytes: 64 << 10, MaxUploadBytes: 8 << 20})
	h, x := build(env.App, Options{})
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	doc := *loadSpec(t)
	doc.Servers = openapi3.Servers{{URL: srv.URL}}
	router, err := gorillamux.NewRouter(&doc)
	if err != nil {
		t.Fatal(err)
	}
	return &client{t: t, base: srv.URL, router: router}, x
}

type response struct {
	code   int
	header http.Header
	body   []byte
}

func (r response) json(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("decode %s: %v", r.body, err)
	}
}

// do sends a request; body may be nil, a string (sent as is) or a value (sent as JSON).
func (c *client) do(method, path, token string, body any, headers ...string) response {
	c.t.Helper()
	var rd io.Reader
	ctype := ""
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		j, _ := json.Marshal(b)
		rd = bytes.NewReader(j)
		ctype = "application/json"
	}
	req, err := http.NewRequest(method, c.base+path, rd)
	if err != nil {
		c.t.Fatal(err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	out, _ := io.ReadAll(res.Body)
	c.validate(req, res, out)
	saysLength(c.t, req, res, out)
	return response{code: res.StatusCode, header: res.Header, body: out}
}

// saysLength holds every JSON answer (and every problem) to saying its length, so that it is
// sent whole, not in chunks: a page over 2 KB was otherwise framed in chunks by the server
// and unframed by the client.
func saysLength(t testing.TB, req *http.Request, res *http.Response, body []byte) {
	t.Helper()
	ct := res.Header.Get("Content-Type")
	if ct != "application/json" && ct != "application/problem+json" {
		return
	}
	if res.ContentLength != int64(len(body)) || len(res.TransferEncoding) > 0 {
		t.Errorf("%s %s → %d: Content-Length %d, Transfer-Encoding %v, for %d bytes of %s",
			req.Method, req.URL.Path, res.StatusCode, res.ContentLength, res.TransferEncoding, len(body), ct)
	}
}

func (c *client) validate(req *http.Request, res *http.Response, body []byte) {
	c.t.Helper()
	route, params, err := c.router.FindRoute(req)
	if err != nil {
		// Unknown routes must still answer a problem.
		if ct := res.Header.Get("Content-Type"); ct != "application/problem+json" {
			c.t.Errorf("%s %s: no route in openapi.json and the answer is %s", req.Method, req.URL.Path, ct)
		}
		return
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route,
			Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}},
		Status: res.StatusCode, Header: res.Header, Body: io.NopCloser(bytes.NewReader(body)),
		Options: &openapi3filter.Options{IncludeResponseStatus: true},
	}
	if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
		c.t.Errorf("%s %s → %d does not match openapi.json: %v\n%s", req.Method, req.URL.Path, res.StatusCode, err, body)
	}
}

func (c *client) want(r response, code int) response {
	c.t.Helper()
	if r.code != code {
		c.t.Fatalf("status %d, want %d: %s", r.code, code, r.body)
	}
	return r
}
