package api

import (
	"net/http"
	"strings"

	"github.com/portdesk/portdesk/internal/domain"
)

// authed resolves the bearer token to its user before the handler runs.
func (x *api) authed(h handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		auth := r.Header.Get("Authorization")
		scheme, token, _ := strings.Cut(auth, " ")
		if !strings.EqualFold(scheme, "Bearer") || token == "" {
			x.problem(w, r, domain.Errorf(domain.ErrUnauthenticated, "send an API token as Authorization: Bearer <token>"))
			return
		}
		a, err := x.app.Access.TokenActor(r.Context(), strings.TrimSpace(token))
		if err != nil {
			x.problem(w, r, err)
			return
		}
		if err := h(w, r, a); err != nil {
			x.problem(w, r, err)
		}
	})
}
