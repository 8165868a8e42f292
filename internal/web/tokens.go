package web

import (
	"net/http"
	"strconv"

	"github.com/portdesk/portdesk/internal/domain"
)

type tokensPage struct {
	Tokens []domain.APIToken
	New    string // shown once, right after creation
}

func (u *ui) tokens(w http.ResponseWriter, r *http.Request, s *session) {
	u.renderTokens(w, r, s, "")
}

func (u *ui) renderTokens(w http.ResponseWriter, r *http.Request, s *session, fresh string) {
	ts, err := u.app.Access.Tokens(r.Context(), s.actor)
	if err != nil {
		u.fail(w, r, s, err)
		return
	}
	u.render(w, r, s, http.StatusOK, "tokens", "API tokens", tokensPage{Tokens: ts, New: fresh})
}

func (u *ui) createToken(w http.ResponseWriter, r *http.Request, s *session) {
	tok, _, err := u.app.Access.CreateToken(r.Context(), s.actor, r.PostFormValue("name"))
	if err != nil {
		u.fail(w, r, s, err)
		return
	}
	// Rendered, not redirected: the token exists only in this one answer.
	u.renderTokens(w, r, s, tok)
}

func (u *ui) revokeToken(w http.ResponseWriter, r *http.Request, s *session) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err := u.app.Access.RevokeToken(r.Context(), s.actor, id); err != nil {
		u.fail(w, r, s, err)
		return
	}
	u.flash(w, "Token revoked.")
	http.Redirect(w, r, "/settings/tokens", http.StatusSeeOther)
}
