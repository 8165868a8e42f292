package api

import (
	"net/http"
	"strconv"

	"github.com/portdesk/portdesk/internal/access"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/team"
)

func (x *api) me(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	u, err := x.app.Access.Me(r.Context(), a)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, userView(u))
	return nil
}

func (x *api) createAccount(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	var b access.NewAccount
	if err := x.decode(w, r, &b); err != nil {
		return err
	}
	acc, err := x.app.Access.CreateAccountWith(r.Context(), a, b)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/accounts/"+strconv.FormatInt(acc.ID, 10))
	writeJSON(w, http.StatusCreated, accountView(acc))
	return nil
}

func (x *api) listAccounts(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	accs, err := x.app.Access.Accounts(r.Context(), a)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, listJSON[accountJSON]{Data: mapList(accs, accountView)})
	return nil
}

func (x *api) getAccount(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	acc, err := x.app.Access.Account(r.Context(), a, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, accountView(acc))
	return nil
}

// patchAccount changes an account's settings (its time zone): its admins and the team.
func (x *api) patchAccount(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var c access.AccountChanges
	if err := x.decode(w, r, &c); err != nil {
		return err
	}
	acc, err := x.app.Access.UpdateAccount(r.Context(), a, id, c)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, accountView(acc))
	return nil
}

type userBody struct {
	Email    string      `json:"email"`
	Name     string      `json:"name"`
	Role     domain.Role `json:"role"`
	Password string      `json:"password"`
}

// userCreated carries a generated password once, when none was given.
type userCreated struct {
	userJSON
	Password string `json:"password,omitempty"`
}

func (x *api) createUser(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if _, err := x.app.Access.Account(r.Context(), a, id); err != nil {
		return err
	}
	if !a.Staff {
		return x.inviteInstead(w, r, a, id)
	}
	return x.addUser(w, r, a, access.NewUser{AccountID: id})
}

// inviteInstead is a customer admin's "add a user": an invitation, answered 202 whether or
// not the email has a user in another tenant. The person chooses their own password.
func (x *api) inviteInstead(w http.ResponseWriter, r *http.Request, a domain.Actor, accountID int64) error {
	var b userBody
	if err := x.decode(w, r, &b); err != nil {
		return err
	}
	if b.Password != "" {
		return &domain.Error{Code: domain.ErrInvalid, Message: "the user is not valid", Fields: []domain.FieldError{{Field: "password", Code: "not_allowed",
			Message: "Leave the password out: the user gets an invitation and chooses their own."}}}
	}
	l, err := x.app.Access.Invite(r.Context(), a, accountID, access.Invitation{Email: b.Email, Name: b.Name, Role: b.Role})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusAccepted, invitationJSON{ID: l.ID, Email: l.Email, Role: l.Role, ExpiresAt: l.ExpiresAt})
	return nil
}

func (x *api) createStaff(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	return x.addUser(w, r, a, access.NewUser{Staff: true})
}

func (x *api) addUser(w http.ResponseWriter, r *http.Request, a domain.Actor, in access.NewUser) error {
	var b userBody
	if err := x.decode(w, r, &b); err != nil {
		return err
	}
	in.Email, in.Name, in.Role, in.Password = b.Email, b.Name, b.Role, b.Password
	u, pw, err := x.app.Access.CreateUser(r.Context(), a, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, userCreated{userJSON: userView(u), Password: pw})
	return nil
}

func (x *api) listUsers(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	return x.writeUsers(w, r, a, id)
}

func (x *api) listStaff(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	return x.writeUsers(w, r, a, 0)
}

func (x *api) writeUsers(w http.ResponseWriter, r *http.Request, a domain.Actor, accountID int64) error {
	us, err := x.app.Access.Users(r.Context(), a, accountID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, listJSON[userJSON]{Data: mapList(us, userView)})
	return nil
}

type tokenBody struct {
	Name string `json:"name"`
}

func (x *api) createToken(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	var b tokenBody
	if err := x.decode(w, r, &b); err != nil {
		return err
	}
	tok, t, err := x.app.Access.CreateToken(r.Context(), a, b.Name)
	if err != nil {
		return err
	}
	v := tokenView(t)
	v.Token = tok
	writeJSON(w, http.StatusCreated, v)
	return nil
}

func (x *api) listTokens(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	ts, err := x.app.Access.Tokens(r.Context(), a)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, listJSON[tokenJSON]{Data: mapList(ts, tokenView)})
	return nil
}

func (x *api) revokeToken(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := x.app.Access.RevokeToken(r.Context(), a, id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func inventoryView(n domain.InventoryNumber) inventoryJSON {
	return inventoryJSON{ID: n.ID, AccountID: n.AccountID, Number: n.Number, Status: n.Status, ReceivingNumber: n.ReceivingNumber,
		TrackingSource: n.TrackingSource, SMS: n.SMS, CreatedAt: n.CreatedAt, UpdatedAt: n.UpdatedAt}
}

func (x *api) addInventory(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	var in team.InventoryInput
	if err := x.decode(w, r, &in); err != nil {
		return err
	}
	n, err := x.app.Team.AddInventoryNumber(r.Context(), a, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, inventoryView(n))
	return nil
}

func (x *api) listInventory(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	var v domain.Validation
	account, after, limit := queryInt(r, "account_id", &v), queryInt(r, "after", &v), queryInt(r, "limit", &v)
	if err := v.Err(domain.ErrInvalid, "the filter is not valid"); err != nil {
		return err
	}
	var statuses []domain.InventoryStatus
	for _, st := range readListParams(r.URL.Query(), &v).statuses {
		statuses = append(statuses, domain.InventoryStatus(st))
	}
	ns, err := x.app.Team.InventoryNumbers(r.Context(), a, account, after, int(limit), statuses, r.URL.Query().Get("q"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, listJSON[inventoryJSON]{Data: mapList(ns, inventoryView)})
	return nil
}
