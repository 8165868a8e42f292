package web

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"net/http"
	"strings"

	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/httpx"
)

type loginPage struct {
	Email, Error, Next, Token string
}

func randomString() string {
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// loginToken reuses the browser's login token: a second tab, or a stray request sent to
// the login page, must not invalidate a form already on screen.
func (u *ui) loginToken(w http.ResponseWriter, r *http.Request) string {
	if c, err := r.Cookie(loginCookie); err == nil && len(c.Value) >= 32 {
		return c.Value
	}
	tok := randomString()
	u.setCookie(w, loginCookie, tok, 3600)
	return tok
}

func (u *ui) loginPage(w http.ResponseWriter, r *http.Request) {
	tok := u.loginToken(w, r)
	u.render(w, r, nil, http.StatusOK, "login", "Log in", loginPage{Next: safeNext(r.URL.Query().Get("next")), Token: tok})
}

func (u *ui) login(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	c, err := r.Cookie(loginCookie)
	if err != nil || !sameOrigin(r) || subtle.ConstantTimeCompare([]byte(c.Value), []byte(r.PostFormValue("csrf_token"))) != 1 {
		u.render(w, r, nil, http.StatusForbidden, "error", "Log in", errorPage{Heading: "That form has expired", Text: "Reload the login page and try again."})
		return
	}
	email := strings.TrimSpace(r.PostFormValue("email"))
	token, _, err := u.app.Access.Login(r.Context(), email, r.PostFormValue("password"), u.clientIP(r))
	if err != nil {
		status, msg := http.StatusUnauthorized, "The email or password is not right."
		var e *domain.Error
		switch {
		case domain.IsCode(err, domain.ErrUnauthenticated):
		case errors.As(err, &e) && (e.Code == domain.ErrRateLimited || e.Code == domain.ErrBusy):
			status, msg = httpx.StatusOf(e.Code), upperFirst(e.Message)+"."
			if ra := httpx.RetryAfter(e.Code); ra != "" {
				w.Header().Set("Retry-After", ra)
			}
		default:
			u.serverError(w, r, err)
			return
		}
		tok := u.loginToken(w, r)
		u.render(w, r, nil, status, "login", "Log in", loginPage{Email: email, Error: msg, Next: safeNext(r.PostFormValue("next")), Token: tok})
		return
	}
	u.setCookie(w, loginCookie, "", -1)
	u.setCookie(w, sessionCookie, token, int(u.app.Access.Config().SessionTTL.Seconds()))
	http.Redirect(w, r, safeNext(r.PostFormValue("next")), http.StatusSeeOther)
}

// safeNext keeps the post-login redirect on this site.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.Contains(next, "\\") {
		return "/"
	}
	return next
}

func (u *ui) logout(w http.ResponseWriter, r *http.Request, s *session) {
	if c, err := r.Cookie(sessionCookie); err == nil {
		_ = u.app.Access.Logout(r.Context(), c.Value)
	}
	u.setCookie(w, sessionCookie, "", -1)
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}
