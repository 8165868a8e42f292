package web

import (
	"crypto/subtle"
	"net/http"
	"net/url"
	"strings"

	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/httpx"
)

const (
	sessionCookie = "portdesk_session"
	loginCookie   = "portdesk_login" // double-submit token against login CSRF
)

// session is the logged-in user of a request.
type session struct {
	actor domain.Actor
	csrf  string
}

type page func(w http.ResponseWriter, r *http.Request, s *session)

// authed resolves the session cookie, sends strangers to the login page, and checks the
// CSRF token on every unsafe method before the handler runs.
func (u *ui) authed(h page) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := r.Cookie(sessionCookie)
		var a domain.Actor
		var sess domain.Session
		if err == nil {
			a, sess, err = u.app.Access.SessionActor(r.Context(), c.Value)
		}
		if err != nil {
			if !domain.IsCode(err, domain.ErrUnauthenticated) && err != http.ErrNoCookie {
				u.serverError(w, r, err)
				return
			}
			if r.Method != http.MethodGet {
				http.Error(w, "Your session has ended: log in again.", http.StatusUnauthorized)
				return
			}
			http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return
		}
		s := &session{actor: a, csrf: sess.CSRFToken}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			r.Body = http.MaxBytesReader(w, r.Body, u.app.Desk.Limits.MaxUploadBytes)
			if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
				// Read the form here so that a file over the limit is reported as such,
				// not as a missing CSRF token. Parts over 1 MiB wait on disk.
				if err := r.ParseMultipartForm(1 << 20); err != nil {
					u.fail(w, r, s, tooLarge(err))
					return
				}
			}
			if !sameOrigin(r) || !validCSRF(r, s.csrf) {
				u.formExpired(w, r, s)
				return
			}
		}
		h(w, r, s)
	})
}

// validCSRF compares the form's (or header's) token with the session's in constant time.
func validCSRF(r *http.Request, want string) bool {
	got := r.Header.Get("X-CSRF-Token")
	if got == "" {
		got = r.PostFormValue("csrf_token")
	}
	return want != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

// sameOrigin refuses cross-site posts when the browser says where they came from.
func sameOrigin(r *http.Request) bool {
	if site := r.Header.Get("Sec-Fetch-Site"); site != "" && site != "same-origin" && site != "none" {
		return false
	}
	if o := r.Header.Get("Origin"); o != "" && o != "null" {
		ou, err := url.Parse(o)
		if err != nil || ou.Host != r.Host {
			return false
		}
	}
	return true
}

func (u *ui) setCookie(w http.ResponseWriter, name, value string, maxAge int) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: value, Path: "/", MaxAge: maxAge, HttpOnly: true,
		Secure: u.opts.SecureCookies, SameSite: http.SameSiteLaxMode})
}

// clientIP is the address login throttling counts against.
func (u *ui) clientIP(r *http.Request) string { return httpx.ClientIP(r, u.opts.ProxyHops) }
