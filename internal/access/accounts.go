package access

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/domain"
)

// NewAccount is what it takes to open a customer account.
type NewAccount struct {
	Name     string         `json:"name"`
	ParentID int64          `json:"parent_id"` // 0: top level (staff), or the admin's own account
	Country  domain.Country `json:"country"`   // default GB
	TimeZone string         `json:"time_zone"` // IANA; empty: the country's porting zone
}

// CreateAccount adds a customer account in its country's porting zone.
func (s *Service) CreateAccount(ctx context.Context, a domain.Actor, name string, parentID int64, country domain.Country) (domain.Account, error) {
	return s.CreateAccountWith(ctx, a, NewAccount{Name: name, ParentID: parentID, Country: country})
}

// CreateAccountWith adds a customer account. Staff create any; a customer admin creates
// sub-accounts below the accounts it sees.
func (s *Service) CreateAccountWith(ctx context.Context, a domain.Actor, in NewAccount) (_ domain.Account, err error) {
	var v domain.Validation
	name, parentID, country := v.Text("name", in.Name, domain.ShortText), in.ParentID, in.Country
	defer func() {
		if parentID == 0 {
			desk.Wrap(&err, "create an account")
		} else {
			desk.Wrap(&err, "create a sub-account of account %d", parentID)
		}
	}()
	if name == "" && !v.Has("name") {
		v.Add("name", "required", "Give the account a name of up to 200 characters.")
	}
	if country == "" {
		country = domain.CountryGB
	}
	if !slices.Contains(domain.AccountCountries, country) {
		v.Add("country", "invalid", "Choose GB, US or CA.")
	}
	zone := desk.CheckTimeZone(&v, "time_zone", in.TimeZone)
	if err := v.Err(domain.ErrInvalid, "the account is not valid"); err != nil {
		return domain.Account{}, err
	}
	if !a.Staff {
		if err := desk.RequireAdmin(a); err != nil {
			return domain.Account{}, err
		}
		if parentID == 0 {
			parentID = a.AccountID
		}
	}
	acc := domain.Account{ParentID: parentID, Name: name, Country: country, TimeZone: zone, CreatedAt: s.desk.Now()}
	err = s.desk.Store.InTx(ctx, func(tx domain.Tx) error {
		if parentID != 0 {
			if _, err := s.desk.VisibleAccount(ctx, tx, a, parentID); err != nil {
				return err
			}
		}
		err := tx.CreateAccount(ctx, &acc)
		if domain.IsCode(err, domain.ErrConflict) {
			return &domain.Error{Code: domain.ErrConflict, Message: "an account of that name exists beside this one",
				Fields: []domain.FieldError{{Field: "name", Code: "taken", Message: "Another account here has this name; choose another."}}}
		}
		return err
	})
	return acc, err
}

// AccountChanges are the settings an account's admins (and the porting team) may change;
// nil leaves a setting as it is.
type AccountChanges struct {
	TimeZone *string `json:"time_zone,omitempty"` // IANA; empty: back to the country's porting zone
}

// UpdateAccount changes an account's settings: its admins (or an admin of an account above
// it) and the porting team may; anyone else who sees the account gets ErrForbidden, and the
// rest ErrNotFound. Every change is audited.
func (s *Service) UpdateAccount(ctx context.Context, a domain.Actor, id int64, c AccountChanges) (_ domain.Account, err error) {
	defer desk.Wrap(&err, "update account %d", id)
	var acc domain.Account
	err = s.desk.Store.InTx(ctx, func(tx domain.Tx) error {
		var err error
		if acc, err = s.desk.VisibleAccount(ctx, tx, a, id); err != nil {
			return err
		}
		if !a.Staff {
			if err := desk.RequireAdmin(a); err != nil {
				return err
			}
		}
		var v domain.Validation
		before := acc
		if c.TimeZone != nil {
			acc.TimeZone = desk.CheckTimeZone(&v, "time_zone", *c.TimeZone)
		}
		if err := v.Err(domain.ErrInvalid, "the account settings are not valid"); err != nil {
			return err
		}
		if acc == before {
			return nil
		}
		if err := tx.UpdateAccount(ctx, &acc); err != nil {
			return err
		}
		return s.desk.Audit(ctx, tx, a, fmt.Sprintf("account:%d", acc.ID), "updated",
			map[string]string{"time_zone": acc.TimeZone, "previous_time_zone": before.TimeZone})
	})
	if err != nil {
		return domain.Account{}, err
	}
	return acc, nil
}

// Accounts lists the accounts the actor sees.
func (s *Service) Accounts(ctx context.Context, a domain.Actor) (_ []domain.Account, err error) {
	defer desk.Wrap(&err, "list the accounts of user %d", a.UserID)
	sc, err := s.desk.ScopeOf(ctx, s.desk.Store, a)
	if err != nil {
		return nil, err
	}
	return s.desk.Store.Accounts(ctx, []int64(sc))
}

// Account returns one account the actor sees.
func (s *Service) Account(ctx context.Context, a domain.Actor, id int64) (_ domain.Account, err error) {
	defer desk.Wrap(&err, "get account %d", id)
	return s.desk.VisibleAccount(ctx, s.desk.Store, a, id)
}

// NewUser is what it takes to add a user.
type NewUser struct {
	AccountID int64       `json:"account_id"` // customer users
	Staff     bool        `json:"staff"`
	Role      domain.Role `json:"role"`
	Email     string      `json:"email"`
	Name      string      `json:"name"`
	Password  string      `json:"password"` // empty: one is generated and returned
}

// CreateUser adds a user. Staff admins add anyone; customer admins add users to accounts
// they see. It returns the password when one was generated. Its conflict on a taken email
// is for staff and the admin CLI: the API and UI have customer admins invite instead, so
// that they never learn whether an email has a user in another tenant.
func (s *Service) CreateUser(ctx context.Context, a domain.Actor, in NewUser) (_ domain.User, _ string, err error) {
	// Never the email or the password: IDs only.
	if in.Staff {
		defer desk.Wrap(&err, "create a staff user")
	} else {
		defer desk.Wrap(&err, "create a user of account %d", in.AccountID)
	}
	var v domain.Validation
	email := strings.ToLower(strings.TrimSpace(in.Email))
	name := v.Text("name", in.Name, domain.ShortText)
	if !domain.ValidEmail(email) {
		v.Add("email", "invalid", "Enter an email address such as name@example.com.")
	}
	if in.Staff && in.Role != domain.RoleAgent && in.Role != domain.RoleAdmin {
		v.Add("role", "invalid", "Staff are agents or admins.")
	}
	if !in.Staff && in.Role != domain.RoleMember && in.Role != domain.RoleAdmin {
		v.Add("role", "invalid", "Customer users are members or admins.")
	}
	if !in.Staff && in.AccountID == 0 {
		v.Add("account_id", "required", "Choose the user's account.")
	}
	if !domain.PlainSecret(in.Password) {
		v.Add("password", "invalid", "Use a password without control or text-direction characters.")
	}
	generated := ""
	if in.Password == "" {
		generated = generatePassword()
		in.Password = generated
	} else {
		checkNewPassword(&v, "password", in.Password, email)
	}
	if err := v.Err(domain.ErrInvalid, "the user is not valid"); err != nil {
		return domain.User{}, "", err
	}
	switch {
	case a.Staff && a.Role == domain.RoleAdmin:
	case !a.Staff && a.Role == domain.RoleAdmin && !in.Staff:
	default:
		return domain.User{}, "", domain.Errorf(domain.ErrForbidden, "only an admin can add users")
	}
	u := domain.User{Staff: in.Staff, Role: in.Role, Email: email, Name: name, PasswordHash: HashPassword(in.Password), CreatedAt: s.desk.Now()}
	if !in.Staff {
		u.AccountID = in.AccountID
	}
	err = s.desk.Store.InTx(ctx, func(tx domain.Tx) error {
		if !in.Staff {
			if _, err := s.desk.VisibleAccount(ctx, tx, a, in.AccountID); err != nil {
				return err
			}
		}
		err := tx.CreateUser(ctx, &u)
		if domain.IsCode(err, domain.ErrConflict) {
			return &domain.Error{Code: domain.ErrConflict, Message: "a user with that email exists",
				Fields: []domain.FieldError{{Field: "email", Code: "taken", Message: "This email already has a user."}}}
		}
		return err
	})
	return u, generated, err
}

// Users lists the users of an account the actor sees; staff list staff with accountID 0.
func (s *Service) Users(ctx context.Context, a domain.Actor, accountID int64) (_ []domain.User, err error) {
	if accountID == 0 {
		defer desk.Wrap(&err, "list the staff")
	} else {
		defer desk.Wrap(&err, "users of account %d", accountID)
	}
	if accountID == 0 {
		if err := desk.RequireStaff(a); err != nil {
			return nil, err
		}
	} else if _, err := s.desk.VisibleAccount(ctx, s.desk.Store, a, accountID); err != nil {
		return nil, err
	}
	return s.desk.Store.Users(ctx, accountID)
}

// Me returns the actor's own user.
func (s *Service) Me(ctx context.Context, a domain.Actor) (_ domain.User, err error) {
	defer desk.Wrap(&err, "get user %d", a.UserID)
	return s.desk.Store.User(ctx, a.UserID)
}
