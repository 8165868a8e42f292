package portin

import (
	"context"
	"errors"

	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/domain"
)

// Create starts a draft request in the actor's account (or the sub-account named).
// Numbers given here must all be good: a create is all or nothing.
func (s *Service) Create(ctx context.Context, a domain.Actor, c Changes) (p domain.PortIn, err error) {
	accountID := a.AccountID
	if c.AccountID != nil {
		accountID = *c.AccountID
	}
	defer desk.Wrap(&err, "create a port-in request in account %d", accountID)
	err = s.create(ctx, a, accountID, c, &p)
	if errors.As(err, new(*numbersTaken)) {
		// Another request took a number between this one's check and its write: once more,
		// and the check names the row (number_in_open_port) as it would have coming second.
		err = lostAgain(s.create(ctx, a, accountID, c, &p))
	}
	return p, err
}

func (s *Service) create(ctx context.Context, a domain.Actor, accountID int64, c Changes, out *domain.PortIn) error {
	return s.desk.Store.InTx(ctx, func(tx domain.Tx) error {
		if accountID == 0 {
			return &domain.Error{Code: domain.ErrInvalid, Message: "choose the account the numbers will live in",
				Fields: []domain.FieldError{{Field: "account_id", Code: "required", Message: "Choose the account the numbers will live in."}}}
		}
		acc, err := s.desk.VisibleAccount(ctx, tx, a, accountID)
		if domain.IsCode(err, domain.ErrNotFound) {
			return &domain.Error{Code: domain.ErrInvalid, Message: "unknown account",
				Fields: []domain.FieldError{{Field: "account_id", Code: "not_found", Message: "No such account."}}}
		}
		if err != nil {
			return err
		}
		now := s.desk.Now()
		p := domain.PortIn{AccountID: acc.ID, Status: domain.StatusDraft, CreatedBy: a.UserID, CreatedAt: now, UpdatedAt: now}
		if err := s.apply(ctx, tx, a, &p, acc, c); err != nil {
			return err
		}
		if err := tx.CreatePortIn(ctx, &p); err != nil {
			return err
		}
		if err := s.frame.Record(ctx, tx, a, p, domain.PortInEvent{Type: domain.EventCreated, To: domain.StatusDraft, Detail: "Request created"}); err != nil {
			return err
		}
		if len(c.Numbers) > 0 {
			res, err := s.checkRows(ctx, tx, p, acc, RowList(Rows(c.Numbers)))
			if err != nil {
				return err
			}
			if res.Rejected > 0 {
				return rowsInvalid(res)
			}
			if err := s.storeNumbers(ctx, tx, a, &p, res.toAdd()); err != nil {
				return err
			}
		}
		if _, err := s.enterPAC(ctx, tx, a, p, c.PAC); err != nil {
			return err
		}
		*out = p
		return s.scheduleDraftExpiry(ctx, tx, p)
	})
}

// rowsInvalid reports bad JSON rows as field errors (numbers[i].number).
func rowsInvalid(res NumbersResult) error {
	var v domain.Validation
	for _, r := range res.Rows {
		if r.Code != domain.RowOK && r.Error {
			field := "numbers[" + itoa(r.Line-1) + "]." + r.Field
			v.Add(field, r.Code, r.Message)
		}
	}
	return v.Err(domain.ErrInvalid, "some numbers cannot be added")
}
