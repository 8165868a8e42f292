package access

import (
	"context"
	"fmt"
	"time"

	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/domain"
)

// managedUser loads a user the actor may disable, remove or see the tokens of: staff admins
// any user; a customer admin the users of the accounts it sees, not staff. A user the actor
// does not see is not found, like a missing one.
func (s *Service) managedUser(ctx context.Context, q domain.Queries, a domain.Actor, id int64) (domain.User, error) {
	u, err := q.User(ctx, id)
	if domain.IsCode(err, domain.ErrNotFound) || (err == nil && u.RemovedAt != nil) {
		return domain.User{}, desk.NotFound("user")
	}
	if err != nil {
		return domain.User{}, err
	}
	if a.Staff {
		if a.Role != domain.RoleAdmin {
			return domain.User{}, domain.Errorf(domain.ErrForbidden, "only an admin can change users")
		}
		return u, nil
	}
	if u.Staff {
		return domain.User{}, desk.NotFound("user")
	}
	if _, err := s.desk.VisibleAccount(ctx, q, a, u.AccountID); err != nil {
		if domain.IsCode(err, domain.ErrNotFound) {
			return domain.User{}, desk.NotFound("user")
		}
		return domain.User{}, err
	}
	if err := desk.RequireAdmin(a); err != nil {
		return domain.User{}, err
	}
	return u, nil
}

// cutOff ends every session of a user and revokes every token, in the change's transaction:
// a disabled or removed user cannot act from the moment the change commits.
func (s *Service) cutOff(ctx context.Context, tx domain.Tx, u domain.User) (map[string]any, error) {
	sessions, err := tx.DeleteUserSessions(ctx, u.ID, nil)
	if err != nil {
		return nil, err
	}
	tokens, err := tx.RevokeUserTokens(ctx, u.ID, s.desk.Now())
	if err != nil {
		return nil, err
	}
	return map[string]any{"email": u.Email, "account_id": u.AccountID, "sessions_ended": sessions, "tokens_revoked": tokens}, nil
}

// SetUserDisabled disables a user (ending its sessions and revoking its tokens at once) or
// enables one again. Nobody disables themselves: an account must not lock out its last admin
// by a slip.
func (s *Service) SetUserDisabled(ctx context.Context, a domain.Actor, id int64, disabled bool) (_ domain.User, err error) {
	if disabled {
		defer desk.Wrap(&err, "disable user %d", id)
	} else {
		defer desk.Wrap(&err, "enable user %d", id)
	}
	if id == a.UserID {
		return domain.User{}, domain.Errorf(domain.ErrInvalid, "you cannot disable or enable yourself: ask another admin")
	}
	var u domain.User
	err = s.desk.Store.InTx(ctx, func(tx domain.Tx) error {
		var err error
		if u, err = s.managedUser(ctx, tx, a, id); err != nil {
			return err
		}
		if disabled == (u.DisabledAt != nil) {
			return nil
		}
		detail := map[string]any{"email": u.Email, "account_id": u.AccountID}
		action := "enabled"
		var at *time.Time
		if disabled {
			now := s.desk.Now()
			at, action = &now, "disabled"
			if detail, err = s.cutOff(ctx, tx, u); err != nil {
				return err
			}
		}
		if err := tx.SetUserDisabled(ctx, u.ID, at); err != nil {
			return err
		}
		u.DisabledAt = at
		return s.desk.Audit(ctx, tx, a, fmt.Sprintf("user:%d", u.ID), action, detail)
	})
	if err != nil {
		return domain.User{}, err
	}
	return u, nil
}

// RemoveUser takes a user away for good: its sessions end and its tokens are revoked at once,
// it leaves the lists, and its email is free to be invited again. Its name stays on what it
// did.
func (s *Service) RemoveUser(ctx context.Context, a domain.Actor, id int64) (err error) {
	defer desk.Wrap(&err, "remove user %d", id)
	if id == a.UserID {
		return domain.Errorf(domain.ErrInvalid, "you cannot remove yourself: ask another admin")
	}
	return s.desk.Store.InTx(ctx, func(tx domain.Tx) error {
		u, err := s.managedUser(ctx, tx, a, id)
		if err != nil {
			return err
		}
		detail, err := s.cutOff(ctx, tx, u)
		if err != nil {
			return err
		}
		if err := tx.RemoveUser(ctx, u.ID, s.desk.Now()); err != nil {
			return err
		}
		return s.desk.Audit(ctx, tx, a, fmt.Sprintf("user:%d", u.ID), "removed", detail)
	})
}

// AccountTokens lists the API tokens of an account's users (never the tokens themselves):
// for its admins and staff.
func (s *Service) AccountTokens(ctx context.Context, a domain.Actor, accountID int64) (_ []domain.APIToken, err error) {
	defer desk.Wrap(&err, "API tokens of account %d", accountID)
	if err := s.accountAdmin(ctx, s.desk.Store, a, accountID); err != nil {
		return nil, err
	}
	return s.desk.Store.AccountAPITokens(ctx, accountID)
}

// RevokeAccountToken revokes a token of one of an account's users at once.
func (s *Service) RevokeAccountToken(ctx context.Context, a domain.Actor, accountID, tokenID int64) (err error) {
	defer desk.Wrap(&err, "revoke API token %d of account %d", tokenID, accountID)
	return s.desk.Store.InTx(ctx, func(tx domain.Tx) error {
		if err := s.accountAdmin(ctx, tx, a, accountID); err != nil {
			return err
		}
		if a.Staff && a.Role != domain.RoleAdmin {
			return domain.Errorf(domain.ErrForbidden, "only an admin can revoke another user's token")
		}
		ts, err := tx.AccountAPITokens(ctx, accountID)
		if err != nil {
			return err
		}
		for _, t := range ts {
			if t.ID != tokenID {
				continue
			}
			if t.RevokedAt != nil {
				return nil
			}
			if err := tx.RevokeAPIToken(ctx, t.UserID, t.ID, s.desk.Now()); err != nil {
				return err
			}
			return s.desk.Audit(ctx, tx, a, fmt.Sprintf("api_token:%d", t.ID), "revoked",
				map[string]any{"user_id": t.UserID, "account_id": accountID, "prefix": t.Prefix})
		}
		return desk.NotFound("token")
	})
}

// accountAdmin checks that the actor sees the account and is an admin (staff: any staff).
func (s *Service) accountAdmin(ctx context.Context, q domain.Queries, a domain.Actor, accountID int64) error {
	if _, err := s.desk.VisibleAccount(ctx, q, a, accountID); err != nil {
		return err
	}
	if a.Staff {
		return nil
	}
	return desk.RequireAdmin(a)
}

// ChangePassword sets the actor's own password, given the current one, and ends the user's
// other sessions (keep names the session the change is made from; empty: none is kept).
// Wrong current passwords count as failed logins, so this is no way around the throttle.
func (s *Service) ChangePassword(ctx context.Context, a domain.Actor, current, next, keep string) (err error) {
	defer desk.Wrap(&err, "change the password of user %d", a.UserID)
	u, err := s.desk.Store.User(ctx, a.UserID)
	if err != nil {
		return err
	}
	var v domain.Validation
	checkNewPassword(&v, "new_password", next, u.Email)
	if err := v.Err(domain.ErrInvalid, "the new password is not valid"); err != nil {
		return err
	}
	// The try is reserved before the check, as a login's is, so this is no way around the
	// throttle; a right password gives it back.
	now, key := s.desk.Now(), "email:"+u.Email
	ok, err := s.desk.Store.ReserveLoginAttempt(ctx, []string{key}, []int{s.cfg.MaxFailsPerUser}, now.Add(-s.cfg.LoginWindow), now)
	if err != nil {
		return err
	}
	if !ok {
		return domain.Errorf(domain.ErrRateLimited, "too many wrong passwords: wait %d minutes and try again", int(s.cfg.LoginWindow.Minutes()))
	}
	match, busy := s.checkPassword(ctx, u.PasswordHash, current)
	if busy != nil {
		s.giveBack(ctx, []string{key}, now)
		return busy
	}
	if u.PasswordHash == "" || !match {
		return &domain.Error{Code: domain.ErrInvalid, Message: "the current password is not right",
			Fields: []domain.FieldError{{Field: "current_password", Code: "wrong", Message: "Enter your current password."}}}
	}
	s.giveBack(ctx, []string{key}, now)
	var except []byte
	if keep != "" {
		except = hashToken(keep)
	}
	return s.desk.Store.InTx(ctx, func(tx domain.Tx) error {
		if err := tx.SetUserPassword(ctx, u.ID, HashPassword(next)); err != nil {
			return err
		}
		ended, err := tx.DeleteUserSessions(ctx, u.ID, except)
		if err != nil {
			return err
		}
		return s.desk.Audit(ctx, tx, a, fmt.Sprintf("user:%d", u.ID), "password_changed", map[string]any{"other_sessions_ended": ended})
	})
}
