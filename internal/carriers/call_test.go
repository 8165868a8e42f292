package carriers_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/portdesk/portdesk/internal/carriers"
	"github.com/portdesk/portdesk/internal/domain"
)

// A carrier's answers, each as the team reads it in the call log and as the job sees it:
// busy or failing is "try again later", a refusal carries the carrier's words.
func TestCallSaysWhatAnAnswerMeans(t *testing.T) {
	t.Parallel()
	cases := []struct {
		status int
		body   string
		code   domain.ErrorCode
		words  string
	}{
		{200, `{"id":"o1"}`, "", ""},
		{429, ``, domain.ErrUnavailable, "Acme asked us to slow down (429): tried again later"},
		{503, ``, domain.ErrUnavailable, "Acme failed (503): tried again later"},
		{401, ``, domain.ErrUnauthenticated, "Acme refused our credentials (401)"},
		{404, ``, domain.ErrNotFound, "Acme has no such order (404)"},
		{422, `{"said":"the PIN is missing"}`, domain.ErrInvalid, "Acme refused it (422): the PIN is missing"},
		{400, ``, domain.ErrInvalid, "Acme refused it (400): Bad Request"},
	}
	for _, tc := range cases {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Header.Get("X-Key") != "k" || r.URL.Path != "/v1/orders" {
				http.Error(w, "", http.StatusTeapot)
				return
			}
			w.WriteHeader(tc.status)
			_, _ = w.Write([]byte(tc.body))
		}))
		var calls []domain.CarrierCall
		c := carriers.NewClient(carriers.Client{Name: "Acme", Base: srv.URL + "/v1", Logged: "/v1", Accept: "application/json",
			Auth:   func(r *http.Request) { r.Header.Set("X-Key", "k") },
			Decode: json.Unmarshal,
			Refusal: func(b []byte) string {
				var e struct{ Said string }
				_ = json.Unmarshal(b, &e)
				return e.Said
			},
		}, domain.ConnectorConfig{Record: func(c domain.CarrierCall) { calls = append(calls, c) }})
		var out struct{ ID string }
		err := c.Call(context.Background(), "read order", "GET", "/orders", "", nil, &out)
		srv.Close()
		if tc.code == "" {
			if err != nil || out.ID != "o1" {
				t.Errorf("%d: %v %+v", tc.status, err, out)
			}
		} else {
			var de *domain.Error
			if !errors.As(err, &de) || de.Code != tc.code || !strings.Contains(de.Message, tc.words) {
				t.Errorf("%d: got %v, want %s %q", tc.status, err, tc.code, tc.words)
			}
		}
		if len(calls) != 1 || calls[0].Request != "GET /v1/orders" || calls[0].Status != tc.status || calls[0].Operation != "read order" {
			t.Errorf("%d: call log %+v", tc.status, calls)
		}
		if tc.code != "" && calls[0].Error == "" {
			t.Errorf("%d: the log holds no error", tc.status)
		}
	}
}

func TestCallToNoCarrierIsUnavailable(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.NotFoundHandler())
	base := srv.URL
	srv.Close() // nothing listens there now
	c := carriers.NewClient(carriers.Client{Name: "Acme", Base: base, Auth: func(*http.Request) {}, Decode: json.Unmarshal}, domain.ConnectorConfig{})
	err := c.Call(context.Background(), "read order", "GET", "/orders", "", nil, nil)
	var de *domain.Error
	if !errors.As(err, &de) || de.Code != domain.ErrUnavailable || !strings.HasPrefix(de.Message, "Acme could not be reached") {
		t.Fatalf("got %v", err)
	}
}
