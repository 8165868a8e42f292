package api

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/portdesk/portdesk/internal/domain"
)

// TestSecurityBusyProblem: a client turned away as busy gets 503 with Retry-After, as a
// problem; other problems carry no Retry-After.
func TestSecurityBusyProblem(t *testing.T) {
	t.Parallel()
	x := &api{log: slog.New(slog.DiscardHandler)}
	for _, tt := range []struct {
		err        error
		status     int
		retryAfter bool
	}{
		{domain.Errorf(domain.ErrUnavailable, "sign-in is busy: try again in a few seconds"), http.StatusServiceUnavailable, true},
		{domain.Errorf(domain.ErrRateLimited, "too many failed logins"), http.StatusTooManyRequests, false},
		{domain.Errorf(domain.ErrInvalid, "no"), http.StatusUnprocessableEntity, false},
	} {
		rec := httptest.NewRecorder()
		x.problem(rec, httptest.NewRequest("GET", "/api/v1/me", nil), tt.err)
		var p problem
		if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil {
			t.Fatal(err)
		}
		if rec.Code != tt.status || p.Status != tt.status || p.Code != domain.CodeOf(tt.err) || p.Title == "" ||
			(rec.Header().Get("Retry-After") != "") != tt.retryAfter {
			t.Errorf("%v: %d %+v Retry-After %q", tt.err, rec.Code, p, rec.Header().Get("Retry-After"))
		}
	}
}
