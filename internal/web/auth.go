package web

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"net/http"
	"net/url"
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
		case errors.As(err, &e) && (e.Code == domain.ErrRateLimited || e.Code == domain.ErrUnavailable):
			status, msg = httpx.StatusOf(e.Code), upperFirst(e.Message)+"."
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

// safeNext keeps the post-login redirect on this site: next is taken only as a path of
// ours, else "/". Browsers drop tabs and newlines from a URL and read a backslash as a slash,
// so "/\t/evil.example" or "/\\evil.example" would leave the site as "//evil.example"; and
// whatever later decodes the path could do the same with "/%09/" or "/%5C". So next is judged
// as it reads after removing those and after decoding (up to three times, for an encoded
// "%"), and any backslash or other control character refuses it outright: the links we send
// people to log in from never carry one.
func safeNext(next string) string {
	s := next
	for range 4 {
		clean := strings.Map(func(r rune) rune {
			if r == '\t' || r == '\n' || r == '\r' {
				return -1
			}
			return r
		}, s)
		if !strings.HasPrefix(clean, "/") || strings.HasPrefix(clean, "//") ||
			strings.ContainsFunc(clean, func(r rune) bool { return r == '\\' || r < 0x20 || r == 0x7f }) {
			return "/"
		}
		if u, err := url.Parse(clean); err != nil || u.Scheme != "" || u.Host != "" || u.User != nil {
			return "/"
		}
		decoded, err := url.PathUnescape(s)
		if err != nil {
			return "/"
		}
		if decoded == s {
			// Decoding changes nothing more: this is what any reader ends up with.
			if strings.ContainsAny(next, "\t\n\r") {
				return "/"
			}
			return next
		}
		s = decoded
	}
	return "/" // encoded more deeply than any link of ours
}

func (u *ui) logout(w http.ResponseWriter, r *http.Request, s *session) {
	if c, err := r.Cookie(sessionCookie); err == nil {
		_ = u.app.Access.Logout(r.Context(), c.Value)
	}
	u.setCookie(w, sessionCookie, "", -1)
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}
