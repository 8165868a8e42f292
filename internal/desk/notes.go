package desk

import (
	"context"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/portdesk/portdesk/internal/domain"
)

const maxNote = 5000

// AddNote adds a note to a request. Internal notes are the porting team's own.
func (s *Service) AddNote(ctx context.Context, a domain.Actor, id int64, body string, internal bool) (domain.Note, error) {
	body = strings.TrimSpace(body)
	var v domain.Validation
	switch {
	case body == "":
		v.Add("body", "required", "Write something in the note.")
	case utf8.RuneCountInString(body) > maxNote:
		v.Add("body", "too_long", "Keep a note under 5,000 characters.")
	}
	if err := v.Err(domain.ErrInvalid, "the note is not valid"); err != nil {
		return domain.Note{}, err
	}
	if internal {
		if err := requireStaff(a); err != nil {
			return domain.Note{}, err
		}
	}
	var n domain.Note
	err := s.store.InTx(ctx, func(tx domain.Tx) error {
		p, err := s.visiblePortIn(ctx, tx, a, id)
		if err != nil {
			return err
		}
		n = domain.Note{PortInID: id, AuthorID: a.UserID, AuthorName: actorName(a), Staff: a.Staff, Internal: internal, Body: body, CreatedAt: s.now()}
		if err := tx.AddNote(ctx, &n); err != nil {
			return err
		}
		if internal {
			return nil // the timeline is the customer's too; internal notes stay out of it
		}
		return s.recordNote(ctx, tx, a, p, n)
	})
	return n, err
}

// Notes lists a request's notes, oldest first; customers never see internal ones.
func (s *Service) Notes(ctx context.Context, a domain.Actor, id int64) ([]domain.Note, error) {
	if _, err := s.visiblePortIn(ctx, s.store, a, id); err != nil {
		return nil, err
	}
	return s.store.Notes(ctx, id, a.Staff)
}

// Events is a request's timeline, oldest first.
func (s *Service) Events(ctx context.Context, a domain.Actor, id int64) ([]domain.Event, error) {
	if _, err := s.visiblePortIn(ctx, s.store, a, id); err != nil {
		return nil, err
	}
	es, err := s.store.Events(ctx, id)
	if err != nil || a.Staff {
		return es, err
	}
	// The team's reminders are the team's.
	return slices.DeleteFunc(es, func(e domain.Event) bool { return e.Type == domain.EventReminder }), nil
}
