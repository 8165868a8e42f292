package portout

import (
	"context"
	"fmt"
	"io"

	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/domain"
)

// View is a port-out with what its page needs.
type View struct {
	domain.PortOut
	Account   domain.Account
	Allowed   []domain.PortOutStatus // the moves the actor may take now
	Documents []domain.PortOutDocument
	// Codes are the failed checks' codes: the team's reject form comes with them ticked.
	Codes []domain.RejectionCode
}

// Get returns a port-out the actor may see.
func (s *Service) Get(ctx context.Context, a domain.Actor, id int64) (_ View, err error) {
	defer Kind.Wrap(&err, "get", id)
	p, err := s.frame.Visible(ctx, s.desk.Store, a, id)
	if err != nil {
		return View{}, err
	}
	acc, err := s.desk.Store.Account(ctx, p.AccountID)
	if err != nil {
		return View{}, err
	}
	docs, err := s.desk.Store.PortOutDocuments(ctx, p.ID)
	if err != nil {
		return View{}, err
	}
	allowed := domain.PortOutMoves(p.Status, a.Party())
	if !a.Staff && !customerMayAct(a, p) {
		allowed = nil
	}
	return View{PortOut: p, Account: acc, Allowed: allowed, Documents: docs, Codes: p.FailedCodes()}, nil
}

// ListFilter selects port-outs for a list.
type ListFilter = desk.ListQuery[domain.PortOutStatus]

// Page is one page of port-outs, newest first.
type Page = desk.Page[domain.PortOutSummary]

// List lists what the actor sees: the team every account's, a customer its own and its
// sub-accounts'.
func (s *Service) List(ctx context.Context, a domain.Actor, f ListFilter) (_ Page, err error) {
	defer desk.Wrap(&err, "list port-outs")
	read := func(sl desk.Slice) ([]domain.PortOutSummary, error) {
		return s.desk.Store.ListPortOuts(ctx, domain.PortOutFilter{AccountIDs: sl.AccountIDs, Statuses: f.Statuses, BeforeID: sl.After, Limit: sl.Limit})
	}
	return desk.List(ctx, s.desk, a, f, nil, read, func(p domain.PortOutSummary) int64 { return p.ID })
}

// Events is a port-out's timeline, oldest first.
func (s *Service) Events(ctx context.Context, a domain.Actor, id int64) (_ []domain.PortOutEvent, err error) {
	defer Kind.Wrap(&err, "timeline of", id)
	if _, err := s.frame.Visible(ctx, s.desk.Store, a, id); err != nil {
		return nil, err
	}
	es, err := s.desk.Store.Events(ctx, domain.PortOutSubject(id))
	if err != nil {
		return nil, err
	}
	return domain.EventsAs[domain.PortOutStatus](es), nil
}

// UploadDocument adds a document to an open port-out: the team (the gaining
// provider's papers) or, for a move it announced, the account's admin.
func (s *Service) UploadDocument(ctx context.Context, a domain.Actor, id int64, up Upload) (_ domain.PortOutDocument, err error) {
	defer Kind.Wrap(&err, "upload a document to", id)
	p, err := s.frame.Visible(ctx, s.desk.Store, a, id)
	if err != nil {
		return domain.PortOutDocument{}, err
	}
	if !a.Staff && !customerMayAct(a, p) {
		return domain.PortOutDocument{}, domain.Errorf(domain.ErrForbidden, "only the porting team adds documents to a gaining provider's port-out")
	}
	if !p.Status.Open() {
		return domain.PortOutDocument{}, &domain.Error{Code: domain.ErrIllegalTransition, Message: "documents can only be added while the port-out is open; it is " + p.Status.Label()}
	}
	d, err := s.storeDocument(ctx, a, p.AccountID, up)
	if err != nil {
		return d, err
	}
	d.PortOutID = p.ID
	err = s.desk.Store.InTx(ctx, func(tx domain.Tx) error {
		// Again in the transaction: it may have ended while the bytes were stored.
		if p, err = s.frame.Visible(ctx, tx, a, id); err != nil {
			return err
		}
		if !p.Status.Open() {
			return &domain.Error{Code: domain.ErrIllegalTransition, Message: "the port-out ended while the document was uploading; it is " + p.Status.Label()}
		}
		if err := tx.AddPortOutDocument(ctx, &d); err != nil {
			return err
		}
		return s.frame.Record(ctx, tx, a, p, domain.PortOutEvent{Type: domain.EventPortOutDocument, Detail: fmt.Sprintf("Document added: %s", d.Name)})
	})
	return d, err
}

// OpenDocument returns a port-out's document and its bytes to whoever sees it.
func (s *Service) OpenDocument(ctx context.Context, a domain.Actor, id, docID int64) (_ domain.PortOutDocument, _ io.ReadCloser, err error) {
	defer Kind.Wrap(&err, fmt.Sprintf("open document %d of", docID), id)
	p, err := s.frame.Visible(ctx, s.desk.Store, a, id)
	if err != nil {
		return domain.PortOutDocument{}, nil, err
	}
	d, err := s.desk.Store.PortOutDocument(ctx, docID)
	if domain.IsCode(err, domain.ErrNotFound) || err == nil && d.PortOutID != p.ID {
		return domain.PortOutDocument{}, nil, desk.NotFound("document")
	}
	if err != nil {
		return d, nil, err // the store failing is not "no such document"
	}
	st := s.docs
	rc, err := st.Get(ctx, d.StorageKey)
	return d, rc, err
}
