package desk

import (
	"context"

	"github.com/portdesk/portdesk/internal/domain"
)

// systemAdmin acts for the operator in the CLI and at first start.
var systemAdmin = domain.Actor{Staff: true, Role: domain.RoleAdmin, Name: "PortDesk"}

// SystemActor is the operator itself, for the admin CLI.
func SystemActor() domain.Actor { return systemAdmin }

// Bootstrap creates the first staff admin when there is no staff user yet, and returns its
// email and one-time password; created is false when staff already exist.
func (s *Service) Bootstrap(ctx context.Context, email string) (created bool, password string, err error) {
	staff, err := s.store.Users(ctx, 0)
	if err != nil || len(staff) > 0 {
		return false, "", err
	}
	_, password, err = s.CreateUser(ctx, systemAdmin, NewUser{Staff: true, Role: domain.RoleAdmin, Email: email, Name: "Porting admin"})
	return err == nil, password, err
}

// TokenFor makes an API token for the user with email (the admin CLI).
func (s *Service) TokenFor(ctx context.Context, email, name string) (string, error) {
	u, err := s.store.UserByEmail(ctx, email)
	if domain.IsCode(err, domain.ErrNotFound) {
		return "", domain.Errorf(domain.ErrNotFound, "no user with email %s", email)
	}
	if err != nil {
		return "", err
	}
	tok, _, err := s.createTokenFor(ctx, u.ID, name)
	return tok, err
}
