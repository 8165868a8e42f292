package portin

import (
	"context"
	"encoding/hex"
	"fmt"
	"io"
	"slices"

	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/documents"
	"github.com/portdesk/portdesk/internal/domain"
)

// family is a request and the request it was split from: an order inherits the documents and
// signatures given before the split.
func family(p domain.PortIn) []int64 {
	if p.ParentID != 0 {
		return []int64{p.ID, p.ParentID}
	}
	return []int64{p.ID}
}

// canUpload: paperwork can be sent while the request is open (the team may ask for a better
// bill at any time), not once it has ended or was split into orders.
func canUpload(st domain.Status) bool { return st.Open() }

// UploadDocument checks an upload (type by content, size, PDF structure, image size) and
// stores it for the request.
func (s *Service) UploadDocument(ctx context.Context, a domain.Actor, id int64, kind domain.DocumentKind, name string, r io.Reader) (d domain.Document, err error) {
	defer Kind.Wrap(&err, "upload a document to", id)
	if !kind.Valid() {
		return d, &domain.Error{Code: domain.ErrInvalid, Message: "unknown document kind",
			Fields: []domain.FieldError{{Field: "kind", Code: "invalid", Message: "Choose bill, signed_loa, csr or other."}}}
	}
	p, err := s.frame.Visible(ctx, s.desk.Store, a, id)
	if err != nil {
		return d, err
	}
	if !canUpload(p.Status) {
		return d, &domain.Error{Code: domain.ErrIllegalTransition, Message: "documents can only be added while the request is open; it is " + p.Status.Label()}
	}
	in, data, err := documents.Inspect(name, r, documents.Limits{MaxBytes: s.desk.Limits.MaxDocumentBytes, MaxInflated: s.desk.Limits.MaxPDFInflatedBytes})
	if err != nil {
		return d, err
	}
	st := s.docs
	key := documents.Key(p.ID, in.SHA256)
	// The bytes first: a row never points at nothing. A failed insert leaves an unreferenced
	// blob under a content key, which the same upload would overwrite.
	if err := st.Put(ctx, key, data, in.ContentType); err != nil {
		return d, fmt.Errorf("store the document's bytes: %w", err)
	}
	d = domain.Document{PortInID: p.ID, Kind: kind, Name: in.Name, ContentType: in.ContentType, Size: in.Size,
		SHA256: hex.EncodeToString(in.SHA256[:]), Pages: in.Pages, StorageKey: key, UploadedBy: a.UserID, UploaderName: desk.ActorName(a), UploadedAt: s.desk.Now()}
	err = s.desk.Store.InTx(ctx, func(tx domain.Tx) error {
		if err := tx.AddDocument(ctx, &d); err != nil {
			return err
		}
		detail := fmt.Sprintf("%s uploaded: %s (%s)", kind.Label(), d.Name, pagesOrSize(d))
		if kind == domain.DocSignedLOA && supplementable(p.Status) {
			n, err := s.signedOnPaper(ctx, tx, p)
			if err != nil {
				return err
			}
			if n > 0 {
				detail += fmt.Sprintf("; it stands for the %s that changed after signing", domain.Plural(n, "letter"))
			}
		}
		return s.frame.Record(ctx, tx, a, p, domain.PortInEvent{Type: domain.EventDocumentAdded, Detail: detail})
	})
	return d, err
}

// signedOnPaper freezes, after submission, the letters that changed after signing, as the
// letter on letterhead just uploaded signs them: they are what the carrier is sent now.
func (s *Service) signedOnPaper(ctx context.Context, tx domain.Tx, p domain.PortIn) (int, error) {
	ns, err := tx.PortInNumbers(ctx, p.ID)
	if err != nil {
		return 0, err
	}
	pw, err := s.paperworkFor(ctx, tx, desk.System(), p, ns)
	if err != nil || len(pw.Frozen) == 0 {
		return 0, err
	}
	changed := slices.DeleteFunc(slices.Clone(pw.Letters), func(l OrderLetter) bool { return l.Signed })
	return len(changed), s.freezeAll(ctx, tx, p.ID, pw, changed)
}

// sentWith: the document was uploaded before the request was last submitted, so the porting
// team (and maybe a carrier) had it: it is evidence, kept however the request ends.
func sentWith(p domain.PortIn, d domain.Document) bool {
	return p.SubmittedAt != nil && !d.UploadedAt.After(*p.SubmittedAt)
}

func pagesOrSize(d domain.Document) string {
	if d.ContentType == "application/pdf" {
		return domain.Plural(d.Pages, "page")
	}
	return fmt.Sprintf("%d KB", (d.Size+1023)/1024)
}

// Documents lists the request's documents, with those of the request it was split from.
func (s *Service) Documents(ctx context.Context, a domain.Actor, id int64) (_ []domain.Document, err error) {
	defer Kind.Wrap(&err, "documents of", id)
	p, err := s.frame.Visible(ctx, s.desk.Store, a, id)
	if err != nil {
		return nil, err
	}
	return s.desk.Store.Documents(ctx, family(p))
}

func (s *Service) visibleDocument(ctx context.Context, a domain.Actor, id, docID int64) (domain.PortIn, domain.Document, error) {
	p, err := s.frame.Visible(ctx, s.desk.Store, a, id)
	if err != nil {
		return p, domain.Document{}, err
	}
	d, err := s.desk.Store.Document(ctx, docID)
	if domain.IsCode(err, domain.ErrNotFound) || (err == nil && d.PortInID != p.ID && d.PortInID != p.ParentID) {
		return p, d, desk.NotFound("document")
	}
	return p, d, err // the store failing is not "no such document"
}

// OpenDocument returns a document and its bytes, for whoever may see the request.
func (s *Service) OpenDocument(ctx context.Context, a domain.Actor, id, docID int64) (_ domain.Document, _ io.ReadCloser, err error) {
	defer Kind.Wrap(&err, fmt.Sprintf("open document %d of", docID), id)
	_, d, err := s.visibleDocument(ctx, a, id, docID)
	if err != nil {
		return d, nil, err
	}
	st := s.docs
	rc, err := st.Get(ctx, d.StorageKey)
	return d, rc, err
}

// DeleteDocument removes a document while the customer may still edit the request.
func (s *Service) DeleteDocument(ctx context.Context, a domain.Actor, id, docID int64) (err error) {
	defer Kind.Wrap(&err, fmt.Sprintf("delete document %d of", docID), id)
	p, d, err := s.visibleDocument(ctx, a, id, docID)
	if err != nil {
		return err
	}
	if d.PortInID != p.ID || !p.Status.Editable() {
		return &domain.Error{Code: domain.ErrIllegalTransition, Message: "documents can only be removed while the request is a draft or needs action"}
	}
	if sentWith(p, d) {
		return &domain.Error{Code: domain.ErrIllegalTransition, Message: "this document was sent with the request and stays with it as evidence: upload a newer one beside it"}
	}
	err = s.desk.Store.InTx(ctx, func(tx domain.Tx) error {
		if err := tx.DeleteDocument(ctx, d.ID); err != nil {
			return err
		}
		return s.frame.Record(ctx, tx, a, p, domain.PortInEvent{Type: domain.EventDocumentDeleted, Detail: d.Kind.Label() + " removed: " + d.Name})
	})
	if err != nil {
		return err
	}
	// The same bytes may back another document of the request (the key is the content).
	rest, err := s.desk.Store.Documents(ctx, []int64{p.ID})
	if err != nil {
		return nil
	}
	for _, o := range rest {
		if o.StorageKey == d.StorageKey {
			return nil
		}
	}
	if err := s.docs.Delete(ctx, d.StorageKey); err != nil {
		s.desk.Log.Warn("document bytes not deleted", "key", d.StorageKey, "err", err)
	}
	return nil
}
