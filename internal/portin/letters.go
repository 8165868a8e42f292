package portin

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/mail"
	"slices"
	"strings"
	"time"

	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/loa"
	"github.com/portdesk/portdesk/internal/portability"
)

// OrderLetter is the letter of authorisation of one order, and whether it is signed.
type OrderLetter struct {
	Order  portability.Order
	Letter loa.Letter
	Hash   string // SHA-256 of what the letter shows now
	// Signature is the newest e-signature of exactly this content, if any.
	Signature *domain.LOASignature
	// Outdated is a signature of an earlier content: the letter changed after signing and
	// must be signed again.
	Outdated *domain.LOASignature
	// Signed: signed as it reads now, online or by a letter on letterhead uploaded.
	Signed bool
	// Frozen is the letter as it was signed and sent, once the request was submitted: what
	// the request shows and the carrier is sent from then on.
	Frozen *domain.FrozenLetter
	// Changed: the request no longer says what the frozen letter says (numbers added or
	// removed, a new date: a supplemental order). Letter and Hash are what it says now, which
	// must be signed before the order goes to the carrier or completes.
	Changed bool
}

// Paperwork is what a request has and still needs in letters and documents.
type Paperwork struct {
	Letters   []OrderLetter
	Documents []domain.Document
	// CanSign: every detail a letter shows is filled in, so it can be signed.
	CanSign   bool
	SignedLOA bool // a signed LOA was uploaded (on letterhead): it stands for every order
	Bill      bool
	Missing   []domain.FieldError // letters and documents still needed to submit
	// NeedsPAC: the request has a UK mobile order, which ports on a PAC instead of a letter
	// and a bill; PAC is the one entered for it (or for the request it was split from).
	NeedsPAC bool
	PAC      *domain.PAC
	// Frozen is every letter frozen for the request, newest first: each was signed and sent.
	Frozen []domain.FrozenLetter
	// SignAgain: a submitted request's letter changed after it was signed; it can be signed
	// again until the port completes.
	SignAgain bool
	// Removable are the documents the customer may still remove (by ID): the request's own,
	// while it can be edited, uploaded since it was last submitted.
	Removable map[int64]bool
}

// Signed reports whether every order's letter is signed as it reads now: e-signed, or a
// signed LOA was uploaded for it.
func (pw Paperwork) Signed() bool {
	for _, l := range pw.Letters {
		if !l.Signed {
			return false
		}
	}
	return len(pw.Letters) > 0
}

// Unsigned lists the letters that must still be signed, as the fields a refusal names.
func (pw Paperwork) Unsigned() []domain.FieldError {
	var out []domain.FieldError
	for _, m := range pw.Missing {
		if m.Field == "loa_signature" {
			out = append(out, m)
		}
	}
	return out
}

// orderFacts is what a letter says of its order beyond the request: its range holder (UK),
// and which of the request's orders it is when there are several.
type orderFacts struct {
	rangeHolder   string
	order, orders int
}

// factsOf are the facts of the plan's i-th order.
func factsOf(rp RequestPlan, i int) orderFacts {
	f := orderFacts{rangeHolder: rangeHolderOf(rp.Checks, rp.Plan.Orders[i])}
	if n := len(rp.Plan.Orders); n > 1 {
		f.order, f.orders = i+1, n
	}
	return f
}

// frozenFacts is what the newest frozen letter of an order said of the order itself, the
// request's own letter before the one of the request it was split from; ok is false when the
// order was never sent.
func frozenFacts(frozen []domain.FrozenLetter, portInID int64, orderKey string) (orderFacts, bool) {
	for _, own := range []bool{true, false} {
		for _, f := range frozen { // newest first
			if f.OrderKey != orderKey || (f.PortInID == portInID) != own {
				continue
			}
			var was loa.Letter
			if json.Unmarshal(f.Letter, &was) != nil {
				continue
			}
			return orderFacts{rangeHolder: was.RangeHolder, order: was.Order, orders: was.Orders}, true
		}
	}
	return orderFacts{}, false
}

// rangeHolderOf is the range holder the range data gives for a UK order's numbers, or empty
// when it does not know one (an original network is not a range holder).
func rangeHolderOf(checks []domain.Check, o portability.Order) string {
	if o.Country != "GB" {
		return ""
	}
	in := make(map[string]bool, len(o.Numbers))
	for _, n := range o.Numbers {
		in[n] = true
	}
	for _, c := range checks {
		if in[c.E164] && c.RangeHolder != "" && c.RangeHolderSource != "original_network" {
			return c.RangeHolder
		}
	}
	return ""
}

// letterFor is the letter of one order of the request, with exactly what was entered.
func (s *Service) letterFor(p domain.PortIn, o portability.Order, f orderFacts) loa.Letter {
	l := loa.Letter{
		Type: o.LOAType, Operator: s.cfg.Operator, LosingProvider: p.LosingProvider, LosingProviderAddress: p.LosingProviderAddress,
		CustomerName: p.CustomerName, BillingAddress: p.BillingAddress, ServiceAddress: p.ServiceAddress, AccountNumber: p.AccountNumber,
		BTN: p.BTN, PortType: p.PortType, NewBTN: p.NewBTN, Numbers: o.Numbers, AuthorisedPerson: p.AuthorisedPerson, RequestID: p.ID,
		RangeHolder: f.rangeHolder, LineType: p.LineType, Order: f.order, Orders: f.orders,
	}
	if p.ParentID != 0 {
		l.RequestID = p.ParentID // the letter signed before the split is the order's letter still
	}
	if p.DesiredDate != nil {
		l.DesiredDate = p.DesiredDate.Format(time.DateOnly)
	}
	return l
}

// papers are what is on a request and on the request it was split from: documents, LOA
// signatures (newest first) and the letters sent.
type papers struct {
	docs   []domain.Document
	sigs   []domain.LOASignature
	frozen []domain.FrozenLetter
}

// noPapers is the papers of a request with none, its parent too.
func noPapers() papers {
	return papers{docs: []domain.Document{}, sigs: []domain.LOASignature{}, frozen: []domain.FrozenLetter{}}
}

func readPapers(ctx context.Context, q domain.Queries, p domain.PortIn) (pp papers, err error) {
	if pp.docs, err = q.Documents(ctx, family(p)); err != nil {
		return pp, err
	}
	if pp.sigs, err = q.LOASignatures(ctx, family(p)); err != nil {
		return pp, err
	}
	pp.frozen, err = q.FrozenLetters(ctx, family(p))
	return pp, err
}

// papersOf is the papers of p, read just now from the store: when p.Papers counts none and
// it was not split from another request there are none to read.
func papersOf(ctx context.Context, q domain.Queries, p domain.PortIn) (papers, error) {
	if p.Papers == 0 && p.ParentID == 0 {
		return noPapers(), nil
	}
	return readPapers(ctx, q, p)
}

// paperwork works out the letters of the plan's orders and what is signed and uploaded.
func (s *Service) paperwork(ctx context.Context, q domain.Queries, p domain.PortIn, ns []domain.PortNumber, rp RequestPlan) (Paperwork, error) {
	pp, err := readPapers(ctx, q, p)
	if err != nil {
		return Paperwork{}, err
	}
	return s.paperworkFrom(ctx, q, p, ns, rp, pp)
}

// paperworkFrom is paperwork with the request's papers read.
func (s *Service) paperworkFrom(ctx context.Context, q domain.Queries, p domain.PortIn, ns []domain.PortNumber, rp RequestPlan, pp papers) (Paperwork, error) {
	var pw Paperwork
	var err error
	docs, sigs, frozen := pp.docs, pp.sigs, pp.frozen
	pw.Documents = docs
	pw.Removable = map[int64]bool{}
	for _, d := range docs {
		switch d.Kind {
		case domain.DocSignedLOA:
			pw.SignedLOA = true
		case domain.DocBill:
			pw.Bill = true
		}
		if p.Status.Editable() && d.PortInID == p.ID && !sentWith(p, d) {
			pw.Removable[d.ID] = true
		}
	}
	for i, o := range rp.Plan.Orders {
		if !o.LOAType.Letter() {
			pw.NeedsPAC = true
			continue
		}
		facts := factsOf(rp, i)
		if was, ok := frozenFacts(frozen, p.ID, o.Key); ok {
			// An order sent before (a split order sent back for a fix, say) still says what
			// it said of itself: which of the orders it is, its range holder.
			facts = was
		}
		ol := OrderLetter{Order: o, Letter: s.letterFor(p, o, facts)}
		ol.Hash = loa.ContentSHA256(ol.Letter)
		for i := range sigs { // newest first
			g := &sigs[i]
			if g.OrderKey != o.Key {
				continue
			}
			if g.ContentSHA256 == ol.Hash && ol.Signature == nil {
				ol.Signature = g
			} else if ol.Signature == nil && ol.Outdated == nil {
				ol.Outdated = g
			}
		}
		ol.Signed = ol.Signature != nil || pw.SignedLOA
		pw.Letters = append(pw.Letters, ol)
	}
	pw.CanSign = len(s.missing(p, ns, rp.Plan.Orders)) == 0 && len(pw.Letters) > 0
	if !pw.SignedLOA {
		for _, l := range pw.Letters {
			if l.Signature != nil {
				continue
			}
			msg := "Sign the letter of authorisation"
			if len(pw.Letters) > 1 {
				// Named by type too: two orders from one provider (landlines and freephone
				// from BT) are two letters, never one line listed twice.
				msg += " for the " + l.Order.LOAType.Label() + " order from " + desk.OrDefault(l.Order.Provider, "the losing provider")
			}
			if l.Outdated != nil {
				msg += " again: it changed after it was signed"
			}
			pw.Missing = append(pw.Missing, domain.FieldError{Field: "loa_signature", Code: "required",
				Message: msg + " (or upload it signed on your letterhead)."})
		}
	}
	// A bill proves ownership for the letters' orders; a PAC order alone needs none.
	if !pw.Bill && (len(pw.Letters) > 0 || !pw.NeedsPAC) {
		pw.Missing = append(pw.Missing, domain.FieldError{Field: "documents.bill", Code: "required",
			Message: "Upload proof of ownership: a recent bill from the losing provider showing the numbers."})
	}
	if pw.NeedsPAC {
		if pw.PAC, err = pacOf(ctx, q, p); err != nil {
			return pw, err
		}
		pw.Missing = append(pw.Missing, pacProblems(pw.PAC, s.desk.Now())...)
	}
	return pw, nil
}

// Paperwork says what the request's letters and documents are and what is still needed.
func (s *Service) Paperwork(ctx context.Context, a domain.Actor, id int64) (_ Paperwork, err error) {
	defer Kind.Wrap(&err, "paperwork of", id)
	count, err := s.desk.Store.CountPortInNumbers(ctx, id, "")
	if err != nil {
		return Paperwork{}, err
	}
	var pw Paperwork
	err = s.whole(ctx, count, func() (err error) {
		pw, err = s.paperworkOf(ctx, a, id)
		return err
	})
	return pw, err
}

// paperworkOf is Paperwork, for the use cases that start from it.
func (s *Service) paperworkOf(ctx context.Context, a domain.Actor, id int64) (Paperwork, error) {
	p, err := s.frame.Visible(ctx, s.desk.Store, a, id)
	if err != nil {
		return Paperwork{}, err
	}
	ns, err := s.desk.Store.PortInNumbers(ctx, id)
	if err != nil {
		return Paperwork{}, err
	}
	return s.paperworkFor(ctx, s.desk.Store, a, p, ns)
}

// completePaperwork is the paperwork of a request that must be complete first (before its
// letter is signed or sent to be signed); what is still missing is refused, by field.
func (s *Service) completePaperwork(ctx context.Context, tx domain.Tx, a domain.Actor, p domain.PortIn, before string) (Paperwork, error) {
	ns, err := tx.PortInNumbers(ctx, p.ID)
	if err != nil {
		return Paperwork{}, err
	}
	rp, err := s.planFor(ctx, tx, a, p, ns)
	if err != nil {
		return Paperwork{}, err
	}
	if missing := s.missing(p, ns, rp.Plan.Orders); len(missing) > 0 {
		return Paperwork{}, &domain.Error{Code: domain.ErrIncomplete, Message: "complete the request before " + before, Fields: missing}
	}
	return s.paperworkFor(ctx, tx, a, p, ns)
}

// paperworkFor is the request's paperwork: the letters as they read now while the customer
// edits it; once submitted, the letters frozen at submission, each compared with what the
// request says now while the port is open.
func (s *Service) paperworkFor(ctx context.Context, q domain.Queries, a domain.Actor, p domain.PortIn, ns []domain.PortNumber) (Paperwork, error) {
	if !p.Status.Editable() {
		frozen, err := q.FrozenLetters(ctx, []int64{p.ID})
		if err != nil {
			return Paperwork{}, err
		}
		if len(frozen) > 0 {
			return s.frozenPaperwork(ctx, q, p, ns, frozen)
		}
	}
	rp, err := s.planFor(ctx, q, a, p, ns)
	if err != nil {
		return Paperwork{}, err
	}
	return s.paperwork(ctx, q, p, ns, rp)
}

// LettersSigned refuses to go on with an order whose letters are not signed as they read
// now: one that changed after signing (numbers added, a new date) is signed again before the
// order goes to the carrier or completes.
func (s *Service) LettersSigned(ctx context.Context, q domain.Queries, p domain.PortIn) error {
	ns, err := q.PortInNumbers(ctx, p.ID)
	if err != nil {
		return err
	}
	pw, err := s.paperworkFor(ctx, q, desk.System(), p, ns)
	if err != nil {
		return err
	}
	if u := pw.Unsigned(); len(u) > 0 {
		return &domain.Error{Code: domain.ErrIncomplete, Message: "the letter of authorisation changed after it was signed: the customer must sign it again first", Fields: u}
	}
	return nil
}

// pick finds the letter of orderKey, or the only one when orderKey is empty.
func pick(pw Paperwork, orderKey string) (OrderLetter, error) {
	if len(pw.Letters) == 0 {
		return OrderLetter{}, domain.Errorf(domain.ErrNotFound, "this request has no letter of authorisation: add portable numbers first, or open one of the orders it was split into")
	}
	if orderKey == "" && len(pw.Letters) == 1 {
		return pw.Letters[0], nil
	}
	var keys []string
	for _, l := range pw.Letters {
		if l.Order.Key == orderKey {
			return l, nil
		}
		keys = append(keys, l.Order.Key)
	}
	return OrderLetter{}, &domain.Error{Code: domain.ErrInvalid, Message: "name the order whose letter you want",
		Fields: []domain.FieldError{{Field: "order", Code: "invalid", Message: "One of: " + strings.Join(keys, ", ") + "."}}}
}

// WriteLetter renders an order's letter as PDF, with its e-signature and certificate page
// when it is signed as it reads now.
func (s *Service) WriteLetter(ctx context.Context, a domain.Actor, id int64, orderKey string, w io.Writer) (err error) {
	defer Kind.Wrap(&err, "write the letter of authorisation of", id)
	pw, err := s.paperworkOf(ctx, a, id)
	if err != nil {
		return err
	}
	l, err := pick(pw, orderKey)
	if err != nil {
		return err
	}
	if l.Frozen != nil && !l.Changed {
		return s.writeFrozen(ctx, *l.Frozen, w)
	}
	return loa.Render(w, l.Letter, signatureOf(l.Signature))
}

// signatureOf is the evidence of an e-signature as the letter prints it; nil for none.
func signatureOf(g *domain.LOASignature) *loa.Signature {
	if g == nil {
		return nil
	}
	return &loa.Signature{SignerName: g.SignerName, SignerTitle: g.SignerTitle, SignerEmail: g.SignerEmail, UserID: g.UserID,
		IP: g.IP, UserAgent: g.UserAgent, SignedAt: g.SignedAt, ContentSHA256: g.ContentSHA256, Drawn: g.Drawn, Link: g.SignatureRequestID}
}

// SignInput is an e-signature: the signer's typed name, title and email, the drawn
// signature, and the request's evidence (address and browser).
type SignInput struct {
	OrderKey  string // empty: every order's letter
	Name      string
	Title     string
	Email     string
	Drawn     []byte // PNG, optional
	Agree     bool
	IP        string
	UserAgent string
}

const maxDrawnBytes = 512 << 10

// checkSignInput checks and tidies a signature's input; every problem at once.
func checkSignInput(in *SignInput) error {
	var v domain.Validation
	in.Name, in.Title, in.Email = v.Text("signer_name", in.Name, domain.ShortText), v.Text("signer_title", in.Title, domain.ShortText), strings.TrimSpace(in.Email)
	if in.Name == "" && !v.Has("signer_name") {
		v.Add("signer_name", "required", "Type your full name to sign.")
	}
	if in.Title == "" && !v.Has("signer_title") {
		v.Add("signer_title", "required", "Give your job title.")
	}
	if _, err := mail.ParseAddress(in.Email); err != nil || strings.ContainsAny(in.Email, "<> ") {
		v.Add("signer_email", "invalid", "Give your email address.")
	}
	if !in.Agree {
		v.Add("agree", "required", "Tick “I agree” to sign.")
	}
	if len(in.Drawn) > maxDrawnBytes || (len(in.Drawn) > 0 && !strings.HasPrefix(string(in.Drawn), "\x89PNG\r\n\x1a\n")) {
		v.Add("drawn_signature", "invalid", "The drawn signature must be a PNG image under 512 KB.")
	}
	return v.Err(domain.ErrInvalid, "the signature is not complete")
}

// signable refuses a request whose letters can no longer be signed.
func signable(p domain.PortIn) error {
	// After a supplemental order the letter shows other numbers: it must be signable again.
	if !p.Status.Editable() && !supplementable(p.Status) {
		return &domain.Error{Code: domain.ErrIllegalTransition, Message: "a letter can be signed until the port completes; it is " + p.Status.Label()}
	}
	return nil
}

// SignLOA records the e-signature of the request's letters as they read now.
func (s *Service) SignLOA(ctx context.Context, a domain.Actor, id int64, in SignInput) (out []domain.LOASignature, err error) {
	defer Kind.Wrap(&err, "sign the letter of authorisation of", id)
	if err := checkSignInput(&in); err != nil {
		return nil, err
	}
	err = s.desk.Store.InTx(ctx, func(tx domain.Tx) error {
		p, err := s.frame.Visible(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if err := signable(p); err != nil {
			return err
		}
		pw, err := s.completePaperwork(ctx, tx, a, p, "signing its letter of authorisation")
		if err != nil {
			return err
		}
		letters := pw.Letters
		if in.OrderKey != "" {
			l, err := pick(pw, in.OrderKey)
			if err != nil {
				return err
			}
			letters = []OrderLetter{l}
		}
		if len(letters) == 0 {
			return domain.Errorf(domain.ErrIncomplete, "there is no letter to sign: add portable numbers first")
		}
		// After submission a letter is signed again only when it changed: the others were
		// signed and sent as they read. What is signed then is frozen at once: it is the
		// letter the carrier is sent from now on.
		if !p.Status.Editable() {
			letters = slices.DeleteFunc(slices.Clone(letters), func(l OrderLetter) bool { return l.Signed })
			if len(letters) == 0 {
				return &domain.Error{Code: domain.ErrIllegalTransition, Message: "the letters of authorisation are signed as they read: there is nothing to sign again"}
			}
		}
		for _, l := range letters {
			g, err := s.signLetter(ctx, tx, a, p, l, in, 0)
			if err != nil {
				return err
			}
			out = append(out, g)
		}
		return nil
	})
	return out, err
}

// signLetter records one letter's e-signature as it reads now (through signature request
// linkID, or 0 when signed in the desk), freezing it at once on a submitted request.
func (s *Service) signLetter(ctx context.Context, tx domain.Tx, a domain.Actor, p domain.PortIn, l OrderLetter, in SignInput, linkID int64) (domain.LOASignature, error) {
	g := domain.LOASignature{PortInID: p.ID, OrderKey: l.Order.Key, ContentSHA256: l.Hash, SignerName: in.Name, SignerTitle: in.Title,
		SignerEmail: strings.ToLower(in.Email), UserID: a.UserID, IP: desk.Truncate(domain.PlainLine(in.IP), 100), UserAgent: desk.Truncate(domain.PlainLine(in.UserAgent), 500),
		SignedAt: s.desk.Now(), Drawn: in.Drawn, SignatureRequestID: linkID}
	if err := tx.AddLOASignature(ctx, &g); err != nil {
		return g, err
	}
	detail := fmt.Sprintf("Letter of authorisation signed by %s, %s (%s; SHA-256 %s…)", g.SignerName, g.SignerTitle,
		desk.OrDefault(l.Order.Provider, "the losing provider"), g.ContentSHA256[:12])
	if linkID != 0 {
		detail += " through the link emailed to " + g.SignerEmail
	}
	if !p.Status.Editable() {
		l.Signature = &g
		if _, err := s.freeze(ctx, tx, p.ID, l, nil); err != nil {
			return g, err
		}
		detail += ": signed again after it changed, and the letter sent from now on"
	}
	return g, s.frame.Record(ctx, tx, a, p, domain.PortInEvent{Type: domain.EventLOASigned, Detail: detail})
}

// Words is what the letter says, for a page to show as text beside its PDF.
func (l OrderLetter) Words() loa.Words { return loa.WordsOf(l.Letter) }
