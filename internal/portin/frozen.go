package portin

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/documents"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/loa"
	"github.com/portdesk/portdesk/internal/portability"
)

// freeze renders an order's letter as it is signed and keeps the PDF and what it shows: from
// now on the request shows this copy and the carrier is sent it, whatever later becomes of
// its numbers, the range data or the operator's name. paper is the signed letter uploaded on
// letterhead that stands for an e-signature, if the letter has none.
func (s *Service) freeze(ctx context.Context, tx domain.Tx, portInID int64, l OrderLetter, paper *domain.Document) (domain.FrozenLetter, error) {
	var pdf bytes.Buffer
	if err := loa.Render(&pdf, l.Letter, signatureOf(l.Signature)); err != nil {
		return domain.FrozenLetter{}, err
	}
	shows, err := json.Marshal(l.Letter) // the logo and the fonts are not what is signed, nor kept
	if err != nil {
		return domain.FrozenLetter{}, fmt.Errorf("what the letter shows: %w", err)
	}
	sum := sha256.Sum256(pdf.Bytes())
	f := domain.FrozenLetter{PortInID: portInID, OrderKey: l.Order.Key, LOAType: l.Order.LOAType, Provider: l.Order.Provider, Letter: shows,
		ContentSHA256: l.Hash, SHA256: hex.EncodeToString(sum[:]), Size: int64(pdf.Len()), StorageKey: documents.LetterKey(portInID, sum), FrozenAt: s.desk.Now()}
	switch {
	case l.Signature != nil:
		f.SignatureID = l.Signature.ID
	case paper != nil:
		f.DocumentID = paper.ID
	}
	// The bytes first, as for uploads: a row never points at nothing; a transaction that
	// fails after leaves bytes under a content key, which the same letter would overwrite.
	if err := s.docs.Put(ctx, f.StorageKey, pdf.Bytes(), "application/pdf"); err != nil {
		return f, fmt.Errorf("keep the letter's PDF: %w", err)
	}
	return f, tx.AddFrozenLetter(ctx, &f)
}

// freezeAll freezes each letter of pw for the request (an order of a split request takes its
// own with split): what was signed, online or on letterhead, is what is sent. A letter frozen
// already as it reads, signed the same way (a request resubmitted unchanged), is not frozen twice.
func (s *Service) freezeAll(ctx context.Context, tx domain.Tx, portInID int64, pw Paperwork, letters []OrderLetter) error {
	had, err := tx.FrozenLetters(ctx, []int64{portInID})
	if err != nil {
		return err
	}
	paper := newestSignedLOA(pw.Documents)
	for _, l := range letters {
		var p *domain.Document
		if l.Signature == nil {
			p = paper
		}
		if i := slices.IndexFunc(had, func(f domain.FrozenLetter) bool { return f.OrderKey == l.Order.Key }); i >= 0 {
			f := had[i]
			if f.ContentSHA256 == l.Hash && f.SignatureID == idOf(l.Signature) && (p == nil) == (f.DocumentID == 0) && (p == nil || p.ID == f.DocumentID) {
				continue
			}
		}
		if _, err := s.freeze(ctx, tx, portInID, l, p); err != nil {
			return fmt.Errorf("freeze the letter for %s: %w", desk.OrDefault(l.Order.Provider, "the losing provider"), err)
		}
	}
	return nil
}

func idOf(g *domain.LOASignature) int64 {
	if g == nil {
		return 0
	}
	return g.ID
}

// newestSignedLOA is the latest letter signed on letterhead among docs (oldest first), or nil.
func newestSignedLOA(docs []domain.Document) *domain.Document {
	for i := len(docs) - 1; i >= 0; i-- {
		if docs[i].Kind == domain.DocSignedLOA {
			return &docs[i]
		}
	}
	return nil
}

// frozenPaperwork is a submitted request's paperwork: the newest frozen letter of each order,
// and, while the port is open, whether the request still says what it says.
func (s *Service) frozenPaperwork(ctx context.Context, q domain.Queries, p domain.PortIn, ns []domain.PortNumber, frozen []domain.FrozenLetter) (Paperwork, error) {
	pw := Paperwork{Frozen: frozen}
	docs, err := q.Documents(ctx, family(p))
	if err != nil {
		return pw, err
	}
	sigs, err := q.LOASignatures(ctx, family(p))
	if err != nil {
		return pw, err
	}
	pw.Documents = docs
	for _, d := range docs {
		switch d.Kind {
		case domain.DocSignedLOA:
			pw.SignedLOA = true
		case domain.DocBill:
			pw.Bill = true
		}
	}
	byID := make(map[int64]*domain.LOASignature, len(sigs))
	for i := range sigs {
		byID[sigs[i].ID] = &sigs[i]
	}
	var live []string // the numbers the request still ports, ported ones included
	for _, n := range ns {
		if n.Status != domain.NumberSetAside {
			live = append(live, n.Number)
		}
	}
	open := supplementable(p.Status)
	orders := 0
	seen := map[string]bool{}
	for _, f := range frozen {
		if !seen[f.OrderKey] {
			seen[f.OrderKey] = true
			orders++
		}
	}
	seen = map[string]bool{}
	for i := range frozen { // newest first: the newest of each order is the one that counts
		f := &frozen[i]
		if seen[f.OrderKey] {
			continue
		}
		seen[f.OrderKey] = true
		var was loa.Letter
		if err := json.Unmarshal(f.Letter, &was); err != nil {
			return pw, fmt.Errorf("frozen letter %d: %w", f.ID, err)
		}
		ol := OrderLetter{Order: portability.Order{Key: f.OrderKey, Country: countryOf(f.OrderKey), Provider: f.Provider, LOAType: f.LOAType, Numbers: was.Numbers},
			Letter: was, Hash: f.ContentSHA256, Signature: byID[f.SignatureID], Signed: f.Signed(), Frozen: f}
		if open {
			numbers := live
			if orders > 1 { // each order keeps its own numbers still on the request
				numbers = slices.DeleteFunc(slices.Clone(was.Numbers), func(n string) bool { return !slices.Contains(live, n) })
			}
			if now := s.rebuilt(p, numbers, was); loa.ContentSHA256(now) != f.ContentSHA256 {
				ol.Letter, ol.Hash, ol.Order.Numbers, ol.Changed = now, loa.ContentSHA256(now), now.Numbers, true
				ol.Outdated, ol.Signature, ol.Signed = ol.Signature, nil, false
				for j := range sigs { // newest first
					if sigs[j].OrderKey == f.OrderKey && sigs[j].ContentSHA256 == ol.Hash {
						ol.Signature, ol.Signed = &sigs[j], true
						break
					}
				}
			}
		}
		pw.Letters = append(pw.Letters, ol)
	}
	slices.SortStableFunc(pw.Letters, func(a, b OrderLetter) int {
		return cmp.Or(cmp.Compare(a.Letter.Order, b.Letter.Order), strings.Compare(a.Order.Key, b.Order.Key))
	})
	for _, l := range pw.Letters {
		if l.Signed {
			continue
		}
		pw.SignAgain = open
		msg := "Sign the letter of authorisation"
		if len(pw.Letters) > 1 {
			msg += " for the " + l.Order.LOAType.Label() + " order from " + desk.OrDefault(l.Order.Provider, "the losing provider")
		}
		pw.Missing = append(pw.Missing, domain.FieldError{Field: "loa_signature", Code: "required",
			Message: msg + " again: it changed after it was signed, and the carrier is sent only a signed letter (or upload it signed on your letterhead)."})
	}
	if pw.SignAgain {
		// Signable again once the request has every detail its orders need.
		rp, err := s.planFor(ctx, q, desk.System(), p, ns)
		if err != nil {
			return pw, err
		}
		pw.CanSign = len(s.missing(p, ns, rp.Plan.Orders)) == 0
	}
	return pw, nil
}

// countryOf is the country an order key names ("GB|uk_geographic|bt").
func countryOf(orderKey string) string {
	c, _, _ := strings.Cut(orderKey, "|")
	return c
}

// rebuilt is the frozen letter was as the request reads now: its details and numbers; what
// the request does not hold (the operator, the range holder, which order it is) stays as
// frozen, so only a change the customer or the team made tells.
func (s *Service) rebuilt(p domain.PortIn, numbers []string, was loa.Letter) loa.Letter {
	l := s.letterFor(p, portability.Order{LOAType: was.Type, Numbers: numbers}, orderFacts{rangeHolder: was.RangeHolder, order: was.Order, orders: was.Orders})
	l.Operator.Name, l.Operator.Address = was.Operator.Name, was.Operator.Address
	l.RequestID = was.RequestID
	return l
}

// writeFrozen writes a frozen letter's PDF, refusing bytes that are not the ones kept.
func (s *Service) writeFrozen(ctx context.Context, f domain.FrozenLetter, w io.Writer) error {
	rc, err := s.docs.Get(ctx, f.StorageKey)
	if err != nil {
		return fmt.Errorf("frozen letter %d: %w", f.ID, err)
	}
	defer rc.Close()
	data, err := io.ReadAll(rc)
	if err != nil {
		return fmt.Errorf("frozen letter %d: %w", f.ID, err)
	}
	if sum := sha256.Sum256(data); hex.EncodeToString(sum[:]) != f.SHA256 {
		return fmt.Errorf("frozen letter %d: its file is not the letter that was sent (SHA-256 %x…, kept %s…)", f.ID, sum[:6], f.SHA256[:12])
	}
	_, err = w.Write(data)
	return err
}

// WriteFrozenLetter writes one of the request's frozen letters as it was signed and sent:
// every copy stays, from submission until the account goes.
func (s *Service) WriteFrozenLetter(ctx context.Context, a domain.Actor, id, letterID int64, w io.Writer) (_ domain.FrozenLetter, err error) {
	defer Kind.Wrap(&err, fmt.Sprintf("write frozen letter %d of", letterID), id)
	p, err := s.frame.Visible(ctx, s.desk.Store, a, id)
	if err != nil {
		return domain.FrozenLetter{}, err
	}
	f, err := s.desk.Store.FrozenLetter(ctx, letterID)
	if domain.IsCode(err, domain.ErrNotFound) || (err == nil && f.PortInID != p.ID) {
		return f, desk.NotFound("letter of authorisation")
	}
	if err != nil {
		return f, err // the store failing is not "no such letter"
	}
	return f, s.writeFrozen(ctx, f, w)
}
