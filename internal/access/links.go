package access

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/domain"
)

// How long emailed links last.
const (
	InvitationTTL    = 72 * time.Hour
	PasswordResetTTL = time.Hour
	// maxResetsPerWindow bounds the reset emails one address can be sent in the login window.
	maxResetsPerWindow = 3
)

// Invitation is what it takes to invite someone to an account.
type Invitation struct {
	Email string      `json:"email"`
	Name  string      `json:"name"`
	Role  domain.Role `json:"role"`
}

// Invite emails someone a single-use link, valid 72 hours, to set a password and join the
// account as role. To a customer admin the answer is the same whether or not the email
// already has a user elsewhere: an invitation to an email taken by then is never a way in
// (see LinkEmail and AcceptInvitation). Staff are told when the email is taken.
func (s *Service) Invite(ctx context.Context, a domain.Actor, accountID int64, in Invitation) (_ domain.AccessLink, err error) {
	defer desk.Wrap(&err, "invite a user to account %d", accountID)
	var v domain.Validation
	email := strings.ToLower(strings.TrimSpace(in.Email))
	name := v.Text("name", in.Name, domain.ShortText)
	if !domain.ValidEmail(email) {
		v.Add("email", "invalid", "Enter an email address such as name@example.com.")
	}
	if in.Role == "" {
		in.Role = domain.RoleMember
	}
	if in.Role != domain.RoleMember && in.Role != domain.RoleAdmin {
		v.Add("role", "invalid", "Customer users are members or admins.")
	}
	if err := v.Err(domain.ErrInvalid, "the invitation is not valid"); err != nil {
		return domain.AccessLink{}, err
	}
	now := s.desk.Now()
	l := domain.AccessLink{Purpose: domain.LinkInvitation, Email: email, AccountID: accountID, Role: in.Role, Name: name, CreatedBy: a.UserID,
		CreatedAt: now, ExpiresAt: now.Add(InvitationTTL)}
	err = s.desk.Store.InTx(ctx, func(tx domain.Tx) error {
		if err := s.accountAdmin(ctx, tx, a, accountID); err != nil {
			return err
		}
		if a.Staff && a.Role != domain.RoleAdmin {
			return domain.Errorf(domain.ErrForbidden, "only an admin can invite users")
		}
		existing, err := tx.UserByEmail(ctx, email)
		switch {
		case domain.IsCode(err, domain.ErrNotFound):
		case err != nil:
			return err
		case a.Staff || s.sees(ctx, tx, a, existing.AccountID):
			// Who can see the user anyway may be told.
			return &domain.Error{Code: domain.ErrConflict, Message: "a user with that email exists",
				Fields: []domain.FieldError{{Field: "email", Code: "taken", Message: "This email already has a user."}}}
		}
		if err := tx.CreateAccessLink(ctx, &l); err != nil {
			return err
		}
		if err := s.desk.Audit(ctx, tx, a, fmt.Sprintf("account:%d", accountID), "user_invited",
			map[string]any{"email": email, "role": in.Role, "invitation_id": l.ID}); err != nil {
			return err
		}
		return tx.EnqueueJob(ctx, domain.Job{Kind: domain.JobSendAccessLink, Args: domain.AccessLinkArgs{LinkID: l.ID}})
	})
	if err != nil {
		return domain.AccessLink{}, err
	}
	return l, nil
}

// sees says whether the actor's scope holds the account (0, staff, is never seen by customers).
func (s *Service) sees(ctx context.Context, q domain.Queries, a domain.Actor, accountID int64) bool {
	if accountID == 0 {
		return false
	}
	_, err := s.desk.VisibleAccount(ctx, q, a, accountID)
	return err == nil
}

// RequestPasswordReset emails a single-use link, valid an hour, to the user with email, if
// there is an active one. The answer is the same either way, so nobody learns who has an
// account; past a few requests for one address in the login window, no more are sent.
func (s *Service) RequestPasswordReset(ctx context.Context, email, ip string) (err error) {
	defer desk.Wrap(&err, "request a password reset") // never the email
	email = strings.ToLower(strings.TrimSpace(email))
	now := s.desk.Now()
	// Text that is no email address is refused on its field: that says nothing of who has
	// an account, and such text never reaches the store.
	if !domain.ValidEmail(email) {
		var v domain.Validation
		v.Add("email", "invalid", "Enter an email address such as name@example.com.")
		return v.Err(domain.ErrInvalid, "the email address is not valid")
	}
	since := now.Add(-s.cfg.LoginWindow)
	// Counted in the throttle's table: a request is not a failure, but it is what is limited,
	// and reserving first means parallel requests cannot all slip under the limit.
	ok, err := s.desk.Store.ReserveLoginAttempt(ctx, []string{"reset-ip:" + throttleAddr(ip)}, []int{s.cfg.MaxFailsPerIP}, since, now)
	if err != nil {
		return err
	}
	if !ok {
		return domain.Errorf(domain.ErrRateLimited, "too many password resets: wait %d minutes and try again", int(s.cfg.LoginWindow.Minutes()))
	}
	if ok, err := s.desk.Store.ReserveLoginAttempt(ctx, []string{"reset:" + email}, []int{maxResetsPerWindow}, since, now); err != nil || !ok {
		return err
	}
	return s.desk.Store.InTx(ctx, func(tx domain.Tx) error {
		u, err := tx.UserByEmail(ctx, email)
		if domain.IsCode(err, domain.ErrNotFound) || (err == nil && !u.Active()) {
			return nil
		}
		if err != nil {
			return err
		}
		l := domain.AccessLink{Purpose: domain.LinkPasswordReset, Email: u.Email, UserID: u.ID, AccountID: u.AccountID, Role: u.Role, Name: u.Name,
			CreatedBy: u.ID, CreatedAt: now, ExpiresAt: now.Add(PasswordResetTTL)}
		if err := tx.CreateAccessLink(ctx, &l); err != nil {
			return err
		}
		if err := s.desk.Audit(ctx, tx, domain.ActorOf(u), fmt.Sprintf("user:%d", u.ID), "password_reset_requested",
			map[string]any{"ip": ip, "reset_id": l.ID}); err != nil {
			return err
		}
		return tx.EnqueueJob(ctx, domain.Job{Kind: domain.JobSendAccessLink, Args: domain.AccessLinkArgs{LinkID: l.ID}})
	})
}

// LinkEmail is what the job emails for an access link: the token, made now, in the link; or,
// for an invitation whose email already has a user, Taken and no token.
type LinkEmail struct {
	Link    domain.AccessLink
	Token   string
	Taken   bool
	Account string // the invitation's account
	Inviter string
}

// LinkEmail makes the token of an access link and stores only its hash (the one emailed
// last is the one that works), for the job that emails it. ok is false when there is nothing
// to send: the link was used or has expired, or the user is no longer active. An invitation
// to an email that has a user by now is used up, and the email tells its owner that someone
// tried to invite them, with no link: an invitation never attaches an existing user.
func (s *Service) LinkEmail(ctx context.Context, linkID int64) (out LinkEmail, ok bool, err error) {
	defer desk.Wrap(&err, "prepare the email of access link %d", linkID)
	err = s.desk.Store.InTx(ctx, func(tx domain.Tx) error {
		l, err := tx.AccessLink(ctx, linkID)
		if domain.IsCode(err, domain.ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		if l.UsedAt != nil || !s.desk.Now().Before(l.ExpiresAt) {
			return nil
		}
		out.Link = l
		if l.Purpose == domain.LinkPasswordReset {
			u, err := tx.User(ctx, l.UserID)
			if err != nil || !u.Active() || u.Email != l.Email {
				return err
			}
		} else {
			acc, err := tx.Account(ctx, l.AccountID)
			if err != nil {
				return err
			}
			out.Account = acc.Name
			if by, err := tx.User(ctx, l.CreatedBy); err == nil {
				out.Inviter = by.Name
			}
			_, err = tx.UserByEmail(ctx, l.Email)
			if err == nil {
				out.Taken, ok = true, true
				return tx.UseAccessLink(ctx, l.ID, s.desk.Now())
			}
			if !domain.IsCode(err, domain.ErrNotFound) {
				return err
			}
		}
		out.Token = randomToken(32)
		ok = true
		return tx.SetAccessLinkToken(ctx, l.ID, hashToken(out.Token))
	})
	if err != nil || !ok {
		return LinkEmail{}, false, err
	}
	return out, true, nil
}

// badLink is the one answer for a link that is unknown, used, expired or no longer usable.
func badLink() error {
	return &domain.Error{Code: domain.ErrInvalid, Message: "the link is not valid: it was used, has expired, or was replaced by a newer one",
		Fields: []domain.FieldError{{Field: "token", Code: "invalid", Message: "Ask for a new link."}}}
}

// usableLink finds the unused, unexpired link of purpose with token.
func (s *Service) usableLink(ctx context.Context, q domain.Queries, purpose domain.LinkPurpose, token string) (domain.AccessLink, error) {
	if token == "" {
		return domain.AccessLink{}, badLink()
	}
	l, err := q.AccessLinkByHash(ctx, hashToken(token))
	if domain.IsCode(err, domain.ErrNotFound) || (err == nil && (l.Purpose != purpose || l.UsedAt != nil || !s.desk.Now().Before(l.ExpiresAt))) {
		return domain.AccessLink{}, badLink()
	}
	return l, err
}

// InvitationFor says what an invitation link is for (the account and email), for the page
// that accepts it; an unusable link is the one error.
func (s *Service) InvitationFor(ctx context.Context, token string) (_ domain.AccessLink, account string, err error) {
	defer desk.Wrap(&err, "read an invitation")
	l, err := s.usableLink(ctx, s.desk.Store, domain.LinkInvitation, token)
	if err != nil {
		return l, "", err
	}
	acc, err := s.desk.Store.Account(ctx, l.AccountID)
	return l, acc.Name, err
}

// AcceptInvitation uses an invitation once: it creates the user with the password chosen.
// When the email has a user by now, the invitation cannot be used (the same answer as an
// expired one): it never attaches an existing user to another account.
func (s *Service) AcceptInvitation(ctx context.Context, token, name, password string) (_ domain.User, err error) {
	defer desk.Wrap(&err, "accept an invitation") // never the token
	var u domain.User
	err = s.desk.Store.InTx(ctx, func(tx domain.Tx) error {
		l, err := s.usableLink(ctx, tx, domain.LinkInvitation, token)
		if err != nil {
			return err
		}
		var v domain.Validation
		if n := v.Text("name", name, domain.ShortText); n != "" {
			l.Name = n
		}
		checkNewPassword(&v, "password", password, l.Email)
		if err := v.Err(domain.ErrInvalid, "the details are not valid"); err != nil {
			return err
		}
		if err := tx.UseAccessLink(ctx, l.ID, s.desk.Now()); domain.IsCode(err, domain.ErrConflict) {
			return badLink()
		} else if err != nil {
			return err
		}
		u = domain.User{AccountID: l.AccountID, Role: l.Role, Email: l.Email, Name: l.Name, PasswordHash: HashPassword(password), CreatedAt: s.desk.Now()}
		if err := tx.CreateUser(ctx, &u); domain.IsCode(err, domain.ErrConflict) {
			return badLink()
		} else if err != nil {
			return err
		}
		return s.desk.Audit(ctx, tx, domain.ActorOf(u), fmt.Sprintf("user:%d", u.ID), "invitation_accepted",
			map[string]any{"email": u.Email, "account_id": u.AccountID, "role": u.Role, "invitation_id": l.ID, "invited_by": l.CreatedBy})
	})
	if err != nil {
		return domain.User{}, err
	}
	return u, nil
}

// ResetPassword uses a reset link once: it sets the new password, ends every session of
// the user, and clears its failed logins.
func (s *Service) ResetPassword(ctx context.Context, token, password string) (err error) {
	defer desk.Wrap(&err, "reset a password") // never the token
	return s.desk.Store.InTx(ctx, func(tx domain.Tx) error {
		l, err := s.usableLink(ctx, tx, domain.LinkPasswordReset, token)
		if err != nil {
			return err
		}
		u, err := tx.User(ctx, l.UserID)
		if err != nil || !u.Active() || u.Email != l.Email {
			if err == nil || domain.IsCode(err, domain.ErrNotFound) {
				return badLink()
			}
			return err
		}
		var v domain.Validation
		checkNewPassword(&v, "password", password, u.Email)
		if err := v.Err(domain.ErrInvalid, "the new password is not valid"); err != nil {
			return err
		}
		if err := tx.UseAccessLink(ctx, l.ID, s.desk.Now()); domain.IsCode(err, domain.ErrConflict) {
			return badLink()
		} else if err != nil {
			return err
		}
		if err := tx.SetUserPassword(ctx, u.ID, HashPassword(password)); err != nil {
			return err
		}
		ended, err := tx.DeleteUserSessions(ctx, u.ID, nil)
		if err != nil {
			return err
		}
		if err := tx.ClearLoginAttempts(ctx, "email:"+u.Email); err != nil {
			return err
		}
		return s.desk.Audit(ctx, tx, domain.ActorOf(u), fmt.Sprintf("user:%d", u.ID), "password_reset",
			map[string]any{"reset_id": l.ID, "sessions_ended": ended})
	})
}
