package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/portdesk/portdesk/internal/access"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/httpx"
)

// publicHandler is an endpoint that needs no token: accepting an invitation, resetting a
// forgotten password. The link's token or the email is what it goes by.
type publicHandler func(w http.ResponseWriter, r *http.Request) error

type publicRoute struct {
	pattern string
	h       publicHandler
}

func (x *api) publicRoutes() []publicRoute {
	return []publicRoute{
		{"POST /api/v1/invitations/accept", x.acceptInvitation},
		{"POST /api/v1/password-resets", x.requestPasswordReset},
		{"POST /api/v1/password-resets/confirm", x.confirmPasswordReset},
		{"POST /api/v1/carriers/{id}/webhooks", x.carrierWebhook},
	}
}

func (x *api) public(h publicHandler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			x.problem(w, r, err)
		}
	})
}

type invitationJSON struct {
	ID        int64       `json:"id"`
	Email     string      `json:"email"`
	Role      domain.Role `json:"role"`
	ExpiresAt time.Time   `json:"expires_at"`
}

// invite answers 202 for any email a customer admin may not learn about: see access.Invite.
func (x *api) invite(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var b access.Invitation
	if err := x.decode(w, r, &b); err != nil {
		return err
	}
	l, err := x.app.Access.Invite(r.Context(), a, id, b)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusAccepted, invitationJSON{ID: l.ID, Email: l.Email, Role: l.Role, ExpiresAt: l.ExpiresAt})
	return nil
}

type acceptBody struct {
	Token    string `json:"token"`
	Name     string `json:"name"`
	Password string `json:"password"`
}

func (x *api) acceptInvitation(w http.ResponseWriter, r *http.Request) error {
	var b acceptBody
	if err := x.decode(w, r, &b); err != nil {
		return err
	}
	u, err := x.app.Access.AcceptInvitation(r.Context(), b.Token, b.Name, b.Password)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, userView(u))
	return nil
}

type passwordBody struct {
	Current string `json:"current_password"`
	New     string `json:"new_password"`
}

// changePassword ends every session of the user: a token has none of its own to keep.
func (x *api) changePassword(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	var b passwordBody
	if err := x.decode(w, r, &b); err != nil {
		return err
	}
	if err := x.app.Access.ChangePassword(r.Context(), a, b.Current, b.New, ""); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

type resetRequestBody struct {
	Email string `json:"email"`
}

func (x *api) requestPasswordReset(w http.ResponseWriter, r *http.Request) error {
	var b resetRequestBody
	if err := x.decode(w, r, &b); err != nil {
		return err
	}
	if err := x.app.Access.RequestPasswordReset(r.Context(), b.Email, httpx.ClientIP(r, x.opts.ProxyHops)); err != nil {
		return err
	}
	writeJSON(w, http.StatusAccepted, map[string]string{"message": "If the address has a user, a link to reset its password is on its way; it works once, for an hour."})
	return nil
}

type resetBody struct {
	Token    string `json:"token"`
	Password string `json:"password"`
}

func (x *api) confirmPasswordReset(w http.ResponseWriter, r *http.Request) error {
	var b resetBody
	if err := x.decode(w, r, &b); err != nil {
		return err
	}
	if err := x.app.Access.ResetPassword(r.Context(), b.Token, b.Password); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (x *api) setDisabled(disabled bool) handler {
	return func(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		u, err := x.app.Access.SetUserDisabled(r.Context(), a, id, disabled)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, userView(u))
		return nil
	}
}

func (x *api) removeUser(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := x.app.Access.RemoveUser(r.Context(), a, id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (x *api) listAccountTokens(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ts, err := x.app.Access.AccountTokens(r.Context(), a, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, listJSON[tokenJSON]{Data: mapList(ts, func(t domain.APIToken) tokenJSON {
		v := tokenView(t)
		v.UserID = t.UserID
		return v
	})})
	return nil
}

func (x *api) revokeAccountToken(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	tok, err := strconv.ParseInt(r.PathValue("token"), 10, 64)
	if err != nil || tok <= 0 {
		return domain.Errorf(domain.ErrNotFound, "not found")
	}
	if err := x.app.Access.RevokeAccountToken(r.Context(), a, id, tok); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
