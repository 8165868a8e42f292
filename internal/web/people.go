package web

import (
	"crypto/subtle"
	"net/http"
	"strconv"
	"strings"

	"github.com/portdesk/portdesk/internal/access"
	"github.com/portdesk/portdesk/internal/domain"
)

// usersPage is an account's people: its users (admins disable, enable and remove them), the
// invitation form, and the API tokens of its users (admins revoke them).
type usersPage struct {
	Account domain.Account
	Users   []domain.User
	Names   map[int64]string // user ID → name or email, for the tokens table
	Tokens  []domain.APIToken
	Me      int64
	Invite  access.Invitation // the form's values after a refusal
	Errors  map[string]string
}

// peopleAccount is the account the page is about: ?account= (an account below the user's,
// or any for staff), else the user's own.
func peopleAccount(r *http.Request, s *session) int64 {
	if id, err := strconv.ParseInt(r.FormValue("account"), 10, 64); err == nil && id > 0 {
		return id
	}
	return s.actor.AccountID
}

func (u *ui) users(w http.ResponseWriter, r *http.Request, s *session) {
	u.renderUsers(w, r, s, http.StatusOK, peopleAccount(r, s), access.Invitation{}, nil)
}

func (u *ui) renderUsers(w http.ResponseWriter, r *http.Request, s *session, status int, accountID int64, inv access.Invitation, errs map[string]string) {
	if accountID == 0 {
		u.render(w, r, s, http.StatusNotFound, "error", "Users", errorPage{Heading: "Choose an account", Text: "Open /settings/users?account= with the account's number."})
		return
	}
	acc, err := u.app.Access.Account(r.Context(), s.actor, accountID)
	if err != nil {
		u.fail(w, r, s, err)
		return
	}
	us, err := u.app.Access.Users(r.Context(), s.actor, accountID)
	if err != nil {
		u.fail(w, r, s, err)
		return
	}
	ts, err := u.app.Access.AccountTokens(r.Context(), s.actor, accountID)
	if err != nil {
		u.fail(w, r, s, err)
		return
	}
	names := map[int64]string{}
	for _, x := range us {
		names[x.ID] = x.Email
	}
	u.render(w, r, s, status, "users", "Users", usersPage{Account: acc, Users: us, Names: names, Tokens: ts, Me: s.actor.UserID, Invite: inv, Errors: errs})
}

func (u *ui) usersURL(accountID int64) string {
	return "/settings/users?account=" + strconv.FormatInt(accountID, 10)
}

func (u *ui) inviteUser(w http.ResponseWriter, r *http.Request, s *session) {
	acc := peopleAccount(r, s)
	inv := access.Invitation{Email: r.PostFormValue("email"), Name: r.PostFormValue("name"), Role: domain.Role(r.PostFormValue("role"))}
	l, err := u.app.Access.Invite(r.Context(), s.actor, acc, inv)
	if errs, ok := fieldErrors(err); ok {
		u.renderUsers(w, r, s, http.StatusUnprocessableEntity, acc, inv, errs)
		return
	}
	if err != nil {
		u.fail(w, r, s, err)
		return
	}
	u.flash(w, "Invitation sent to "+l.Email+": the link works once, for 72 hours.")
	http.Redirect(w, r, u.usersURL(acc), http.StatusSeeOther)
}

// userAction disables, enables or removes a user, then shows the account's users again.
func (u *ui) userAction(w http.ResponseWriter, r *http.Request, s *session) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	acc := peopleAccount(r, s)
	var err error
	msg := ""
	switch r.PathValue("action") {
	case "disable":
		_, err = u.app.Access.SetUserDisabled(r.Context(), s.actor, id, true)
		msg = "User disabled: their sessions ended and their tokens were revoked."
	case "enable":
		_, err = u.app.Access.SetUserDisabled(r.Context(), s.actor, id, false)
		msg = "User enabled: they can log in again (their old tokens stay revoked)."
	case "remove":
		err = u.app.Access.RemoveUser(r.Context(), s.actor, id)
		msg = "User removed."
	default:
		u.notFound(w, r, s)
		return
	}
	if err != nil {
		u.fail(w, r, s, err)
		return
	}
	u.flash(w, msg)
	http.Redirect(w, r, u.usersURL(acc), http.StatusSeeOther)
}

func (u *ui) revokeAccountToken(w http.ResponseWriter, r *http.Request, s *session) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	acc := peopleAccount(r, s)
	if err := u.app.Access.RevokeAccountToken(r.Context(), s.actor, acc, id); err != nil {
		u.fail(w, r, s, err)
		return
	}
	u.flash(w, "Token revoked.")
	http.Redirect(w, r, u.usersURL(acc), http.StatusSeeOther)
}

// passwordPage is the change-password form (signed in), and the pages a link opens.
type passwordPage struct {
	Token  string // the link's token, or the login form's CSRF token on public pages
	Link   string // the emailed link's token, carried in the form
	Email  string
	Title  string
	Done   string
	Errors map[string]string
}

func (u *ui) passwordForm(w http.ResponseWriter, r *http.Request, s *session) {
	u.render(w, r, s, http.StatusOK, "password", "Change password", passwordPage{})
}

// changePassword keeps the session it is made from and ends the user's others.
func (u *ui) changePassword(w http.ResponseWriter, r *http.Request, s *session) {
	keep := ""
	if c, err := r.Cookie(sessionCookie); err == nil {
		keep = c.Value
	}
	err := u.app.Access.ChangePassword(r.Context(), s.actor, r.PostFormValue("current_password"), r.PostFormValue("new_password"), keep)
	if errs, ok := fieldErrors(err); ok {
		u.render(w, r, s, http.StatusUnprocessableEntity, "password", "Change password", passwordPage{Errors: errs})
		return
	}
	if err != nil {
		u.fail(w, r, s, err)
		return
	}
	u.flash(w, "Password changed: you were signed out everywhere else.")
	http.Redirect(w, r, "/settings/password", http.StatusSeeOther)
}

// publicForm checks a form posted without a session against the login double-submit token.
func (u *ui) publicForm(w http.ResponseWriter, r *http.Request) bool {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	c, err := r.Cookie(loginCookie)
	if err != nil || !sameOrigin(r) || subtle.ConstantTimeCompare([]byte(c.Value), []byte(r.PostFormValue("csrf_token"))) != 1 {
		u.render(w, r, nil, http.StatusForbidden, "error", "Not done", errorPage{Heading: "That form has expired", Text: "Reload the page and try again."})
		return false
	}
	return true
}

func (u *ui) forgotForm(w http.ResponseWriter, r *http.Request) {
	u.render(w, r, nil, http.StatusOK, "forgot", "Forgot password", passwordPage{Token: u.loginToken(w, r)})
}

// forgot answers the same whether or not the email has a user.
func (u *ui) forgot(w http.ResponseWriter, r *http.Request) {
	if !u.publicForm(w, r) {
		return
	}
	err := u.app.Access.RequestPasswordReset(r.Context(), r.PostFormValue("email"), u.clientIP(r))
	if domain.IsCode(err, domain.ErrRateLimited) {
		u.render(w, r, nil, http.StatusTooManyRequests, "forgot", "Forgot password", passwordPage{Token: u.loginToken(w, r), Errors: map[string]string{"email": "Too many requests: wait a while and try again."}})
		return
	}
	if errs, ok := fieldErrors(err); ok {
		u.render(w, r, nil, http.StatusUnprocessableEntity, "forgot", "Forgot password", passwordPage{Token: u.loginToken(w, r), Errors: errs})
		return
	}
	if err != nil {
		u.serverError(w, r, err)
		return
	}
	u.render(w, r, nil, http.StatusOK, "forgot", "Forgot password", passwordPage{Token: u.loginToken(w, r),
		Done: "If that address has a user, a link to choose a new password is on its way. It works once, for an hour."})
}

func (u *ui) resetForm(w http.ResponseWriter, r *http.Request) {
	u.render(w, r, nil, http.StatusOK, "reset", "Choose a new password", passwordPage{Token: u.loginToken(w, r), Link: r.URL.Query().Get("token")})
}

func (u *ui) reset(w http.ResponseWriter, r *http.Request) {
	if !u.publicForm(w, r) {
		return
	}
	link := r.PostFormValue("token")
	err := u.app.Access.ResetPassword(r.Context(), link, r.PostFormValue("password"))
	if errs, ok := fieldErrors(err); ok {
		u.render(w, r, nil, http.StatusUnprocessableEntity, "reset", "Choose a new password", passwordPage{Token: u.loginToken(w, r), Link: link, Errors: errs})
		return
	}
	if err != nil {
		u.serverError(w, r, err)
		return
	}
	u.flash(w, "Password changed: log in with the new one.")
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

func (u *ui) invitationForm(w http.ResponseWriter, r *http.Request) {
	link := r.URL.Query().Get("token")
	page := passwordPage{Token: u.loginToken(w, r), Link: link}
	l, account, err := u.app.Access.InvitationFor(r.Context(), link)
	if errs, ok := fieldErrors(err); ok {
		page.Errors = errs
	} else if err != nil {
		u.serverError(w, r, err)
		return
	}
	page.Email, page.Title = l.Email, account
	u.render(w, r, nil, http.StatusOK, "invitation", "Accept the invitation", page)
}

func (u *ui) acceptInvitation(w http.ResponseWriter, r *http.Request) {
	if !u.publicForm(w, r) {
		return
	}
	link := r.PostFormValue("token")
	_, err := u.app.Access.AcceptInvitation(r.Context(), link, strings.TrimSpace(r.PostFormValue("name")), r.PostFormValue("password"))
	if errs, ok := fieldErrors(err); ok {
		l, account, _ := u.app.Access.InvitationFor(r.Context(), link)
		u.render(w, r, nil, http.StatusUnprocessableEntity, "invitation", "Accept the invitation",
			passwordPage{Token: u.loginToken(w, r), Link: link, Email: l.Email, Title: account, Errors: errs})
		return
	}
	if err != nil {
		u.serverError(w, r, err)
		return
	}
	u.flash(w, "Welcome: log in with your email and the password you chose.")
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}
