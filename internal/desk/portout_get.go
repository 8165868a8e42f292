package desk

import (
	"context"
	"fmt"
	"io"
	"strconv"

	"github.com/portdesk/portdesk/internal/domain"
)

// PortOutView is a port-out with what its page needs.
type PortOutView struct {
	domain.PortOut
	Account   domain.Account
	Allowed   []domain.PortOutStatus // the moves the actor may take now
	Documents []domain.PortOutDocument
	// Codes are the failed checks' codes: the team's reject form comes with them ticked.
	Codes []domain.RejectionCode
}

// PortOut returns a port-out the actor may see.
func (s *Service) PortOut(ctx context.Context, a domain.Actor, id int64) (PortOutView, error) {
	p, err := s.visiblePortOut(ctx, s.store, a, id)
	if err != nil {
		return PortOutView{}, err
	}
	acc, err := s.store.Account(ctx, p.AccountID)
	if err != nil {
		return PortOutView{}, err
	}
	docs, err := s.store.PortOutDocuments(ctx, p.ID)
	if err != nil {
		return PortOutView{}, err
	}
	allowed := domain.PortOutMoves(p.Status, a.Party())
	if !a.Staff && !customerMayAct(a, p) {
		allowed = nil
	}
	return PortOutView{PortOut: p, Account: acc, Allowed: allowed, Documents: docs, Codes: p.FailedCodes()}, nil
}

// PortOutListFilter selects port-outs for a list.
type PortOutListFilter struct {
	Statuses  []domain.PortOutStatus
	AccountID int64  // 0: every visible account; else that account and its sub-accounts
	Cursor    string // from the previous page
	Limit     int    // default 50, at most 200
}

// PortOutPage is one page of port-outs, newest first.
type PortOutPage struct {
	Items      []domain.PortOutSummary
	NextCursor string
}

// ListPortOuts lists what the actor sees: the team every account's, a customer its own and
// its sub-accounts'.
func (s *Service) ListPortOuts(ctx context.Context, a domain.Actor, f PortOutListFilter) (PortOutPage, error) {
	sc, err := s.scopeOf(ctx, s.store, a)
	if err != nil {
		return PortOutPage{}, err
	}
	var v domain.Validation
	for _, st := range f.Statuses {
		if !st.Valid() {
			v.Add("status", "invalid", "Unknown status "+strconv.Quote(string(st))+".")
		}
	}
	if f.Limit <= 0 {
		f.Limit = 50
	}
	if f.Limit > 200 {
		v.Add("limit", "invalid", "Give a number from 1 to 200.")
	}
	q := domain.PortOutFilter{AccountIDs: []int64(sc), Statuses: f.Statuses, Limit: f.Limit + 1}
	if f.Cursor != "" {
		q.BeforeID = readCursor(f.Cursor, &v)
	}
	if err := v.Err(domain.ErrInvalid, "the filter is not valid"); err != nil {
		return PortOutPage{}, err
	}
	if f.AccountID != 0 {
		if !sc.sees(f.AccountID) {
			return PortOutPage{Items: []domain.PortOutSummary{}}, nil
		}
		if q.AccountIDs, err = s.store.AccountSubtree(ctx, f.AccountID); err != nil {
			return PortOutPage{}, err
		}
	}
	items, err := s.store.ListPortOuts(ctx, q)
	if err != nil {
		return PortOutPage{}, err
	}
	page := PortOutPage{Items: items}
	if len(items) > f.Limit {
		page.Items = items[:f.Limit]
		page.NextCursor = cursorAfter(page.Items[f.Limit-1].ID)
	}
	return page, nil
}

// PortOutEvents is a port-out's timeline, oldest first.
func (s *Service) PortOutEvents(ctx context.Context, a domain.Actor, id int64) ([]domain.Event, error) {
	if _, err := s.visiblePortOut(ctx, s.store, a, id); err != nil {
		return nil, err
	}
	return s.store.PortOutEvents(ctx, id)
}

// UploadPortOutDocument adds a document to an open port-out: the team (the gaining
// provider's papers) or, for a move it announced, the account's admin.
func (s *Service) UploadPortOutDocument(ctx context.Context, a domain.Actor, id int64, up Upload) (domain.PortOutDocument, error) {
	p, err := s.visiblePortOut(ctx, s.store, a, id)
	if err != nil {
		return domain.PortOutDocument{}, err
	}
	if !a.Staff && !customerMayAct(a, p) {
		return domain.PortOutDocument{}, domain.Errorf(domain.ErrForbidden, "only the porting team adds documents to a gaining provider's port-out")
	}
	if !p.Status.Open() {
		return domain.PortOutDocument{}, &domain.Error{Code: domain.ErrIllegalTransition, Message: "documents can only be added while the port-out is open; it is " + p.Status.Label()}
	}
	d, err := s.storePortOutDocument(ctx, a, p.AccountID, up)
	if err != nil {
		return d, err
	}
	d.PortOutID = p.ID
	err = s.store.InTx(ctx, func(tx domain.Tx) error {
		// Again in the transaction: it may have ended while the bytes were stored.
		if p, err = s.visiblePortOut(ctx, tx, a, id); err != nil {
			return err
		}
		if !p.Status.Open() {
			return &domain.Error{Code: domain.ErrIllegalTransition, Message: "the port-out ended while the document was uploading; it is " + p.Status.Label()}
		}
		if err := tx.AddPortOutDocument(ctx, &d); err != nil {
			return err
		}
		return s.recordPortOut(ctx, tx, a, p, domain.Event{Type: domain.EventPortOutDocument, Detail: fmt.Sprintf("Document added: %s", d.Name)}, nil)
	})
	return d, err
}

// OpenPortOutDocument returns a port-out's document and its bytes to whoever sees it.
func (s *Service) OpenPortOutDocument(ctx context.Context, a domain.Actor, id, docID int64) (domain.PortOutDocument, io.ReadCloser, error) {
	p, err := s.visiblePortOut(ctx, s.store, a, id)
	if err != nil {
		return domain.PortOutDocument{}, nil, err
	}
	d, err := s.store.PortOutDocument(ctx, docID)
	if domain.IsCode(err, domain.ErrNotFound) || err == nil && d.PortOutID != p.ID {
		return domain.PortOutDocument{}, nil, notFound("document")
	}
	if err != nil {
		return d, nil, err // the store failing is not "no such document"
	}
	st, err := s.documentStore()
	if err != nil {
		return d, nil, err
	}
	rc, err := st.Get(ctx, d.StorageKey)
	return d, rc, err
}
