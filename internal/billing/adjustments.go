package billing

import (
	"context"
	"fmt"
	"strings"

	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/domain"
)

// Adjustment is a charge (positive) or credit (negative) the porting team makes by hand.
type Adjustment struct {
	Amount   int64  `json:"amount"`   // minor units, signed
	Currency string `json:"currency"` // ISO 4217
	Reason   string `json:"reason"`
}

const (
	maxReason = 500
	// maxAdjustment keeps any sum of entries far from int64's limits: ten billion pounds.
	maxAdjustment = 1_000_000_000_000
)

// checkReason is the reason every manual entry must give: finance reads it on the statement.
func checkReason(v *domain.Validation, s string) string {
	s = v.Text("reason", s, domain.TextRule{Max: maxReason})
	if s == "" && !v.Has("reason") {
		v.Add("reason", "required", "Say why: the customer reads it on the statement.")
	}
	return s
}

// AdjustLedger adds a manual charge or credit to an account's ledger, with an audit entry.
// Only the porting team may; a customer gets ErrForbidden on an account it sees and
// ErrNotFound on any other.
func (s *Service) AdjustLedger(ctx context.Context, a domain.Actor, accountID int64, in Adjustment) (e domain.LedgerEntry, err error) {
	defer desk.Wrap(&err, "adjust the ledger of account %d", accountID)
	err = s.desk.Store.InTx(ctx, func(tx domain.Tx) error {
		if _, err := s.desk.VisibleAccount(ctx, tx, a, accountID); err != nil {
			return err
		}
		if err := desk.RequireStaff(a); err != nil {
			return err
		}
		var v domain.Validation
		switch {
		case in.Amount == 0:
			v.Add("amount", "required", "Give an amount: positive for a charge, negative for a credit.")
		case in.Amount > maxAdjustment || in.Amount < -maxAdjustment:
			v.Add("amount", "too_large", "That amount is beyond what one entry may carry.")
		}
		cur := strings.TrimSpace(in.Currency)
		if !ValidCurrency(cur) {
			v.Add("currency", "invalid", "Give an ISO 4217 currency code in use, such as GBP, USD or CAD.")
		}
		reason := checkReason(&v, in.Reason)
		if err := v.Err(domain.ErrInvalid, "the adjustment is not valid"); err != nil {
			return err
		}
		e = domain.LedgerEntry{AccountID: accountID, Kind: domain.LedgerAdjustment, Amount: domain.Money{Amount: in.Amount, Currency: cur}, Description: reason}
		if err := s.addEntry(ctx, tx, a, &e); err != nil {
			return err
		}
		return s.desk.Audit(ctx, tx, a, fmt.Sprintf("ledger_entry:%d", e.ID), "adjusted",
			map[string]any{"account_id": accountID, "amount": e.Amount, "reason": reason})
	})
	return e, err
}

// ReverseLedgerEntry undoes an entry by a new one of the opposite amount: entries are never
// edited or deleted, and each is reversed at most once (a second time is ErrConflict). A
// reversal is not itself reversed (ErrConflict): the team makes an adjustment instead.
func (s *Service) ReverseLedgerEntry(ctx context.Context, a domain.Actor, id int64, reason string) (rev domain.LedgerEntry, err error) {
	defer desk.Wrap(&err, "reverse ledger entry %d", id)
	err = s.desk.Store.InTx(ctx, func(tx domain.Tx) error {
		e, err := tx.LedgerEntry(ctx, id)
		if domain.IsCode(err, domain.ErrNotFound) {
			return desk.NotFound("ledger entry")
		}
		if err != nil {
			return err
		}
		sc, err := s.desk.ScopeOf(ctx, tx, a)
		if err != nil {
			return err
		}
		if !sc.Sees(e.AccountID) {
			return desk.NotFound("ledger entry")
		}
		if err := desk.RequireStaff(a); err != nil {
			return err
		}
		if e.Kind == domain.LedgerReversal {
			// Reversing a reversal would put back an entry that was undone, and could go on
			// for ever: the statement would read as a see-saw.
			return domain.Errorf(domain.ErrConflict, "entry #%d is itself a reversal (of #%d) and is not reversed: make an adjustment instead to charge or credit again", e.ID, e.ReversesID)
		}
		var v domain.Validation
		reason = checkReason(&v, reason)
		if err := v.Err(domain.ErrInvalid, "the reversal is not valid"); err != nil {
			return err
		}
		if e.ReversedBy != 0 {
			return reversedAlready(e.ID, e.ReversedBy)
		}
		rev = domain.LedgerEntry{AccountID: e.AccountID, Kind: domain.LedgerReversal, Amount: domain.Money{Amount: -e.Amount.Amount, Currency: e.Amount.Currency},
			Description: fmt.Sprintf("Reversal of #%d (%s): %s", e.ID, desk.Truncate(e.Description, 120), reason),
			PortInID:    e.PortInID, PortOutID: e.PortOutID, ReversesID: e.ID}
		err = s.addEntry(ctx, tx, a, &rev)
		if domain.IsCode(err, domain.ErrConflict) {
			return reversedAlready(e.ID, 0) // another reversal won the race
		}
		if err != nil {
			return err
		}
		return s.desk.Audit(ctx, tx, a, fmt.Sprintf("ledger_entry:%d", e.ID), "reversed",
			map[string]any{"account_id": e.AccountID, "reversal_id": rev.ID, "amount": rev.Amount, "reason": reason})
	})
	return rev, err
}

func reversedAlready(id, by int64) error {
	msg := fmt.Sprintf("entry #%d has been reversed already", id)
	if by != 0 {
		msg += fmt.Sprintf(" (by #%d)", by)
	}
	return domain.Errorf(domain.ErrConflict, "%s: an entry is reversed once; make an adjustment to charge or credit more", msg)
}

// addEntry appends a manual entry in the change's transaction and sets its ID.
func (s *Service) addEntry(ctx context.Context, tx domain.Tx, a domain.Actor, e *domain.LedgerEntry) error {
	e.CreatedBy, e.ActorName, e.CreatedAt = a.UserID, desk.ActorName(a), s.desk.Now()
	_, err := tx.AddLedgerEntry(ctx, e)
	return err
}
