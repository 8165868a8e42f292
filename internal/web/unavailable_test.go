package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/web"
)

// downStore is a database that has gone away for a moment.
type downStore struct{ domain.Store }

func (downStore) SessionUser(context.Context, []byte) (domain.Session, domain.SignIn, error) {
	return domain.Session{}, domain.SignIn{}, &domain.Error{Code: domain.ErrUnavailable, Message: "the database is unavailable for a moment", Err: io.ErrUnexpectedEOF}
}

// A database unavailable for a moment is a 503 page with Retry-After, showing nothing of the
// cause.
func TestUnavailableIs503WithRetryAfter(t *testing.T) {
	t.Parallel()
	env := desktest.New(t, desktest.SQLite)
	cust := env.NewCustomer(t, "Acme", 0, domain.CountryGB)
	session, _, err := env.Access.Login(context.Background(), cust.Admin.Email, cust.Password, "192.0.2.1")
	if err != nil {
		t.Fatal(err)
	}
	env.WrapStore(t, func(st domain.Store) domain.Store { return downStore{st} })
	h, err := web.New(env.App, web.Options{Log: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest("GET", "/", nil)
	req.AddCookie(&http.Cookie{Name: "portdesk_session", Value: session})
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") == "" {
		t.Fatalf("status %d, Retry-After %q: %s", rec.Code, rec.Header().Get("Retry-After"), rec.Body)
	}
	if strings.Contains(rec.Body.String(), "EOF") {
		t.Errorf("the page shows the cause: %s", rec.Body)
	}
}
