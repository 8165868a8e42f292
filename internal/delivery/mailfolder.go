package delivery

import (
	"context"
	"errors"
	"io"
	"os"
	"time"

	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/notify"
	"github.com/portdesk/portdesk/internal/webhooks"
)

// SentMail is one email written to the mail folder, as the team's Mail page lists it.
type SentMail = notify.OutboxEntry

// mailFolder is a mailer that keeps what it sends as files (notify.Outbox): where email goes
// when no SMTP server is configured.
type mailFolder interface {
	List(limit int) ([]notify.OutboxEntry, error)
	Open(name string) (io.ReadCloser, error)
}

// SentMail lists the newest emails written to the mail folder, for the team; kept is false
// when email goes to an SMTP server instead, and nothing is kept here.
func (s *Service) SentMail(_ context.Context, a domain.Actor, limit int) (mails []SentMail, kept bool, err error) {
	defer desk.Wrap(&err, "list the mail folder")
	if err := desk.RequireStaff(a); err != nil {
		return nil, false, err
	}
	folder, ok := s.mailer.(mailFolder)
	if !ok {
		return nil, false, nil
	}
	mails, err = folder.List(limit)
	return mails, true, err
}

// OpenSentMail opens one email of the mail folder by the name SentMail gave, for the team.
func (s *Service) OpenSentMail(_ context.Context, a domain.Actor, name string) (rc io.ReadCloser, err error) {
	defer desk.Wrap(&err, "open mail %q", name)
	if err := desk.RequireStaff(a); err != nil {
		return nil, err
	}
	folder, ok := s.mailer.(mailFolder)
	if !ok {
		return nil, desk.NotFound("mail")
	}
	rc, err = folder.Open(name)
	if errors.Is(err, os.ErrNotExist) {
		return nil, desk.NotFound("mail")
	}
	return rc, err
}

// RetryAfter is how long to wait before trying a webhook again after failed attempt n: the
// Standard Webhooks schedule receivers expect (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h);
// ok is false once the schedule is over.
func RetryAfter(attempt int) (wait time.Duration, ok bool) { return webhooks.NextAttempt(attempt) }
