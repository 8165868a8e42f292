package access

import (
	"context"
	"time"

	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/domain"
)

// Bootstrap creates the first staff admin when there is no staff user yet, and returns its
// one-time password; created is false when staff already exist.
func (s *Service) Bootstrap(ctx context.Context, email string) (created bool, password string, err error) {
	defer desk.Wrap(&err, "bootstrap the first staff admin")
	staff, err := s.desk.Store.Users(ctx, 0)
	if err != nil || len(staff) > 0 {
		return false, "", err
	}
	_, password, err = s.CreateUser(ctx, desk.System(), NewUser{Staff: true, Role: domain.RoleAdmin, Email: email, Name: "Porting admin"})
	return err == nil, password, err
}

// TokenFor makes an API token for the user with email (the admin CLI).
func (s *Service) TokenFor(ctx context.Context, email, name string) (_ string, err error) {
	defer desk.Wrap(&err, "create an API token for a user named by email") // not the email itself
	u, err := s.desk.Store.UserByEmail(ctx, email)
	if domain.IsCode(err, domain.ErrNotFound) {
		return "", domain.Errorf(domain.ErrNotFound, "no user with email %s", email)
	}
	if err != nil {
		return "", err
	}
	tok, _, err := s.createTokenFor(ctx, u.ID, name)
	return tok, err
}

// DeleteExpiredSessions clears sessions past their end, login tries too old to count, and
// invitation and reset links a week past theirs (kept that long so that a late click is told
// the link expired): part of the periodic housekeeping. It returns how many sessions it cleared.
func (s *Service) DeleteExpiredSessions(ctx context.Context) (_ int, err error) {
	defer desk.Wrap(&err, "delete expired sessions")
	now := s.desk.Now()
	if _, err := s.desk.Store.DeleteLoginAttempts(ctx, now.Add(-s.cfg.LoginWindow)); err != nil {
		return 0, err
	}
	if _, err := s.desk.Store.DeleteAccessLinks(ctx, now.Add(-7*24*time.Hour)); err != nil {
		return 0, err
	}
	return s.desk.Store.DeleteExpiredSessions(ctx, now)
}
