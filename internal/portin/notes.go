package portin

import (
	"context"
	"slices"

	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/domain"
)

// AddNote adds a note to a request. Internal notes are the porting team's own.
func (s *Service) AddNote(ctx context.Context, a domain.Actor, id int64, body string, internal bool) (n domain.Note, err error) {
	defer Kind.Wrap(&err, "add a note to", id)
	if body, err = checkNote(a, body, internal); err != nil {
		return domain.Note{}, err
	}
	err = s.desk.Store.InTx(ctx, func(tx domain.Tx) error {
		n, err = s.addNote(ctx, tx, a, id, body, internal)
		return err
	})
	return n, err
}

// AddNoteIn is AddNote inside the caller's transaction, for a note that must be made with
// another change or not at all (a carrier's comment, once).
func (s *Service) AddNoteIn(ctx context.Context, tx domain.Tx, a domain.Actor, id int64, body string, internal bool) (n domain.Note, err error) {
	defer Kind.Wrap(&err, "add a note to", id)
	if body, err = checkNote(a, body, internal); err != nil {
		return domain.Note{}, err
	}
	return s.addNote(ctx, tx, a, id, body, internal)
}

// checkNote is the note's text as kept, or why it cannot be added: empty or not valid text,
// or an internal note by someone outside the porting team.
func checkNote(a domain.Actor, body string, internal bool) (string, error) {
	var v domain.Validation
	if body = v.Text("body", body, domain.MessageText); body == "" && !v.Has("body") {
		v.Add("body", "required", "Write something in the note.")
	}
	if err := v.Err(domain.ErrInvalid, "the note is not valid"); err != nil {
		return "", err
	}
	if internal {
		if err := desk.RequireStaff(a); err != nil {
			return "", err
		}
	}
	return body, nil
}

func (s *Service) addNote(ctx context.Context, tx domain.Tx, a domain.Actor, id int64, body string, internal bool) (domain.Note, error) {
	p, err := s.frame.Visible(ctx, tx, a, id)
	if err != nil {
		return domain.Note{}, err
	}
	n := domain.Note{PortInID: id, AuthorID: a.UserID, AuthorName: desk.ActorName(a), Staff: a.Staff, Internal: internal, Body: body, CreatedAt: s.desk.Now()}
	if err := tx.AddNote(ctx, &n); err != nil {
		return n, err
	}
	if internal {
		return n, nil // the timeline is the customer's too; internal notes stay out of it
	}
	return n, s.recordNote(ctx, tx, a, p, n)
}

// Notes lists a request's notes, oldest first; customers never see internal ones.
func (s *Service) Notes(ctx context.Context, a domain.Actor, id int64) (_ []domain.Note, err error) {
	defer Kind.Wrap(&err, "notes of", id)
	if _, err := s.frame.Visible(ctx, s.desk.Store, a, id); err != nil {
		return nil, err
	}
	return s.desk.Store.Notes(ctx, id, a.Staff)
}

// Events is a request's timeline, oldest first.
func (s *Service) Events(ctx context.Context, a domain.Actor, id int64) (_ []domain.PortInEvent, err error) {
	defer Kind.Wrap(&err, "timeline of", id)
	if _, err := s.frame.Visible(ctx, s.desk.Store, a, id); err != nil {
		return nil, err
	}
	stored, err := s.desk.Store.Events(ctx, domain.PortInSubject(id))
	if err != nil {
		return nil, err
	}
	es := domain.EventsAs[domain.Status](stored)
	if a.Staff {
		return es, nil
	}
	// The team's reminders are the team's.
	return slices.DeleteFunc(es, func(e domain.PortInEvent) bool { return e.Type == domain.EventReminder }), nil
}

// UnchangedSinceSentBack is whether nothing on a request has changed since the porting team
// last sent it back for a fix (events oldest first): resubmitting it so is most often a
// mistake, and is asked to be confirmed. A note alone changes nothing the carrier sees.
func UnchangedSinceSentBack(events []domain.PortInEvent) bool {
	unchanged := false
	for _, e := range events {
		switch e.Type {
		case domain.EventStatusChanged:
			unchanged = e.To == domain.StatusActionRequired
		case domain.EventUpdated, domain.EventNumbersAdded, domain.EventNumberRemoved, domain.EventAgreement, domain.EventQuoteAccepted,
			domain.EventDocumentAdded, domain.EventDocumentDeleted, domain.EventLOASigned, domain.EventSupplemental:
			unchanged = false
		}
	}
	return unchanged
}
