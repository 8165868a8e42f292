package portin

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"io"
	"net/mail"
	"strings"
	"time"

	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/loa"
)

// SignatureLinkTTL is how long an emailed signature link lasts.
const SignatureLinkTTL = 7 * 24 * time.Hour

// SignatureOutdated is a waiting signature request whose letter changed since it was sent:
// its link no longer works, and the letter must be sent again.
const SignatureOutdated domain.SignatureRequestStatus = "outdated"

// LetterRequest is a signature request as the customer sees it: where it stands now, and
// whose letter it is.
type LetterRequest struct {
	domain.SignatureRequest
	Status   domain.SignatureRequestStatus
	Provider string // the letter's order goes to
}

// MaySendForSignature says whether a sends letters to be signed through a link and revokes
// the links: a customer's admin or the porting team, not a customer's plain member.
func MaySendForSignature(a domain.Actor) bool { return a.Staff || a.Role == domain.RoleAdmin }

func requireSender(a domain.Actor) error {
	if !MaySendForSignature(a) {
		return domain.Errorf(domain.ErrForbidden, "only the customer's admin or the porting team can send a letter for signature")
	}
	return nil
}

// SendForSignature emails each unsigned letter of the request (or the one of orderKey) to
// the authorised person named on it, as a single-use link valid a week. Sending a letter
// again revokes the link sent for it before: only the newest works.
func (s *Service) SendForSignature(ctx context.Context, a domain.Actor, id int64, orderKey string) (out []domain.SignatureRequest, err error) {
	defer Kind.Wrap(&err, "send for signature the letter of authorisation of", id)
	if err := requireSender(a); err != nil {
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
		to := p.AuthorisedPerson
		if _, err := mail.ParseAddress(to.Email); err != nil || to.Name == "" || strings.ContainsAny(to.Email, "<> ") {
			return &domain.Error{Code: domain.ErrIncomplete, Message: "name the authorised person and their email on the request before sending the letter to them",
				Fields: []domain.FieldError{{Field: "authorised_person.email", Code: "required", Message: "Give the authorised person's name and email address."}}}
		}
		pw, err := s.completePaperwork(ctx, tx, a, p, "sending its letter of authorisation for signature")
		if err != nil {
			return err
		}
		var letters []OrderLetter
		if orderKey != "" {
			l, err := pick(pw, orderKey)
			if err != nil {
				return err
			}
			letters = []OrderLetter{l}
		} else {
			for _, l := range pw.Letters {
				if l.Signature == nil {
					letters = append(letters, l)
				}
			}
		}
		if len(letters) == 0 {
			return &domain.Error{Code: domain.ErrIllegalTransition, Message: "the letters of authorisation are signed as they read: there is nothing to send for signature"}
		}
		open, err := tx.SignatureRequests(ctx, []int64{p.ID})
		if err != nil {
			return err
		}
		now := s.desk.Now()
		resent := false
		var providers []string
		for _, l := range letters {
			if l.Signature != nil {
				return &domain.Error{Code: domain.ErrIllegalTransition, Message: "that letter is signed as it reads: there is nothing to send for signature"}
			}
			for _, o := range open { // resend: the link sent before stops working
				if o.OrderKey == l.Order.Key && o.Status(now) == domain.SignatureWaiting {
					if err := tx.RevokeSignatureRequest(ctx, o.ID, now); err != nil {
						return err
					}
					resent = true
				}
			}
			r := domain.SignatureRequest{PortInID: p.ID, OrderKey: l.Order.Key, ContentSHA256: l.Hash, Email: strings.ToLower(to.Email), Name: to.Name,
				CreatedBy: a.UserID, CreatedAt: now, ExpiresAt: now.Add(SignatureLinkTTL)}
			if err := tx.CreateSignatureRequest(ctx, &r); err != nil {
				return err
			}
			providers = append(providers, desk.OrDefault(l.Order.Provider, "the losing provider"))
			if err := tx.EnqueueJob(ctx, domain.Job{Kind: domain.JobSendSignatureRequest, Args: domain.SignatureRequestArgs{RequestID: r.ID}}); err != nil {
				return err
			}
			out = append(out, r)
		}
		// The timeline says it, as it says the signing: what was sent, to whom, and that the
		// link sent before stopped working.
		detail := fmt.Sprintf("%s sent for signature to %s <%s> (%s): the link works once, until %s",
			lettersOf(len(letters)), to.Name, strings.ToLower(to.Email), strings.Join(providers, ", "), now.Add(SignatureLinkTTL).UTC().Format("2 Jan 2006 15:04 UTC"))
		if resent {
			detail += "; the link sent before no longer works"
		}
		return s.frame.Record(ctx, tx, a, p, domain.PortInEvent{Type: domain.EventSignatureSent, Detail: detail})
	})
	return out, err
}

func lettersOf(n int) string {
	if n == 1 {
		return "Letter of authorisation"
	}
	return fmt.Sprintf("%d letters of authorisation", n)
}

// SignatureRequests lists the request's signature requests, newest first, each with where it
// stands: a waiting one whose letter changed since is outdated.
func (s *Service) SignatureRequests(ctx context.Context, a domain.Actor, id int64) (_ []LetterRequest, err error) {
	defer Kind.Wrap(&err, "signature requests of", id)
	pw, err := s.Paperwork(ctx, a, id)
	if err != nil {
		return nil, err
	}
	return s.SignatureRequestsOf(ctx, id, pw)
}

// SignatureRequestsOf is SignatureRequests for a page that read the request's paperwork
// already (as the actor's scope allowed).
func (s *Service) SignatureRequestsOf(ctx context.Context, id int64, pw Paperwork) (_ []LetterRequest, err error) {
	defer Kind.Wrap(&err, "signature requests of", id)
	rs, err := s.desk.Store.SignatureRequests(ctx, []int64{id})
	if err != nil {
		return nil, err
	}
	return s.letterRequests(rs, pw), nil
}

func (s *Service) letterRequests(rs []domain.SignatureRequest, pw Paperwork) []LetterRequest {
	now := s.desk.Now()
	out := make([]LetterRequest, 0, len(rs))
	for _, r := range rs {
		lr := LetterRequest{SignatureRequest: r, Status: r.Status(now)}
		for _, l := range pw.Letters {
			if l.Order.Key == r.OrderKey {
				lr.Provider = l.Order.Provider
				if lr.Status == domain.SignatureWaiting && l.Hash != r.ContentSHA256 {
					lr.Status = SignatureOutdated
				}
			}
		}
		out = append(out, lr)
	}
	return out
}

// RevokeSignatureRequest stops a waiting signature link from working.
func (s *Service) RevokeSignatureRequest(ctx context.Context, a domain.Actor, id, requestID int64) (err error) {
	defer Kind.Wrap(&err, "revoke a signature request of", id)
	if err := requireSender(a); err != nil {
		return err
	}
	return s.desk.Store.InTx(ctx, func(tx domain.Tx) error {
		p, err := s.frame.Visible(ctx, tx, a, id)
		if err != nil {
			return err
		}
		r, err := tx.SignatureRequest(ctx, requestID)
		if err != nil || r.PortInID != p.ID {
			if err == nil || domain.IsCode(err, domain.ErrNotFound) {
				return domain.Errorf(domain.ErrNotFound, "no signature request %d on this request", requestID)
			}
			return err
		}
		if err := tx.RevokeSignatureRequest(ctx, r.ID, s.desk.Now()); domain.IsCode(err, domain.ErrConflict) {
			return &domain.Error{Code: domain.ErrConflict, Message: "the letter was signed through this link, or the link was revoked already"}
		} else if err != nil {
			return err
		}
		return s.frame.Record(ctx, tx, a, p, domain.PortInEvent{Type: domain.EventSignatureRevoked,
			Detail: fmt.Sprintf("Signature link sent to %s on %s revoked: it no longer works", r.Email, r.CreatedAt.UTC().Format("2 Jan 2006"))})
	})
}

// SignatureEmail is what the job emails for a signature request: the token, made now.
type SignatureEmail struct {
	Request  domain.SignatureRequest
	Token    string
	Customer string // the customer named on the letter
	Sender   string // who sent it
}

// SendSignatureRequest makes the token of a signature request, keeps only its hash (the one
// emailed last is the one that works) and emails the link. Nothing is sent for a request
// signed, revoked or expired by now. The job runs it; tests call it directly.
func (s *Service) SendSignatureRequest(ctx context.Context, requestID int64) (err error) {
	defer desk.Wrap(&err, "email signature request %d", requestID)
	var e SignatureEmail
	ok := false
	err = s.desk.Store.InTx(ctx, func(tx domain.Tx) error {
		r, err := tx.SignatureRequest(ctx, requestID)
		if domain.IsCode(err, domain.ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		if r.Status(s.desk.Now()) != domain.SignatureWaiting {
			return nil
		}
		p, err := tx.PortIn(ctx, r.PortInID)
		if err != nil {
			return err
		}
		e = SignatureEmail{Request: r, Customer: p.CustomerName, Token: randomToken()}
		if by, err := tx.User(ctx, r.CreatedBy); err == nil {
			e.Sender = by.Name
		}
		ok = true
		return tx.SetSignatureRequestToken(ctx, r.ID, hashToken(e.Token))
	})
	if err != nil || !ok {
		return err
	}
	return s.outbox.SendSignatureEmail(ctx, e.Request, e.Token, e.Customer, e.Sender)
}

func randomToken() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func hashToken(t string) []byte {
	h := sha256.Sum256([]byte(t))
	return h[:]
}

// badSignatureLink is the one answer for a link that is unknown, used, revoked, expired or
// whose letter changed since it was sent.
func badSignatureLink() error {
	return &domain.Error{Code: domain.ErrInvalid, Message: "the signature link is not valid: it was used, revoked or replaced, has expired, or the letter changed since it was sent",
		Fields: []domain.FieldError{{Field: "token", Code: "invalid", Message: "Ask whoever sent you the letter to send it again."}}}
}

// LinkLetter is the letter a signature link opens, as it reads now.
type LinkLetter struct {
	Request domain.SignatureRequest
	Letter  OrderLetter
}

// linkLetter finds the waiting request of token and its letter, which must still read as it
// did when it was sent.
func (s *Service) linkLetter(ctx context.Context, q domain.Queries, token string) (domain.PortIn, LinkLetter, error) {
	if token == "" {
		return domain.PortIn{}, LinkLetter{}, badSignatureLink()
	}
	r, err := q.SignatureRequestByHash(ctx, hashToken(token))
	if domain.IsCode(err, domain.ErrNotFound) || (err == nil && r.Status(s.desk.Now()) != domain.SignatureWaiting) {
		return domain.PortIn{}, LinkLetter{}, badSignatureLink()
	}
	if err != nil {
		return domain.PortIn{}, LinkLetter{}, err
	}
	a := desk.System()
	p, err := q.PortIn(ctx, r.PortInID)
	if err != nil {
		return p, LinkLetter{}, err
	}
	if signable(p) != nil {
		return p, LinkLetter{}, badSignatureLink()
	}
	ns, err := q.PortInNumbers(ctx, p.ID)
	if err != nil {
		return p, LinkLetter{}, err
	}
	pw, err := s.paperworkFor(ctx, q, a, p, ns)
	if err != nil {
		return p, LinkLetter{}, err
	}
	for _, l := range pw.Letters {
		if l.Order.Key == r.OrderKey && l.Hash == r.ContentSHA256 && l.Signature == nil {
			return p, LinkLetter{Request: r, Letter: l}, nil
		}
	}
	return p, LinkLetter{}, badSignatureLink()
}

// LetterForLink is the letter a signature link opens, for the page that signs it; an
// unusable link is the one error.
func (s *Service) LetterForLink(ctx context.Context, token string) (_ LinkLetter, err error) {
	defer desk.Wrap(&err, "read a signature link") // never the token
	_, l, err := s.linkLetter(ctx, s.desk.Store, token)
	return l, err
}

// WriteLinkLetter renders the letter a signature link opens as PDF.
func (s *Service) WriteLinkLetter(ctx context.Context, token string, w io.Writer) (err error) {
	defer desk.Wrap(&err, "write the letter of a signature link")
	_, l, err := s.linkLetter(ctx, s.desk.Store, token)
	if err != nil {
		return err
	}
	return loa.Render(w, l.Letter.Letter, nil)
}

// SignThroughLink signs the letter of a signature link, once, as the person it was emailed
// to (the email is the link's): the evidence says it was signed through the link, from
// which address and browser.
func (s *Service) SignThroughLink(ctx context.Context, token string, in SignInput) (g domain.LOASignature, err error) {
	defer desk.Wrap(&err, "sign through a signature link") // never the token
	err = s.desk.Store.InTx(ctx, func(tx domain.Tx) error {
		p, l, err := s.linkLetter(ctx, tx, token)
		if err != nil {
			return err
		}
		in.Email = l.Request.Email
		if err := checkSignInput(&in); err != nil {
			return err
		}
		a := domain.Actor{Name: in.Name}
		if g, err = s.signLetter(ctx, tx, a, p, l.Letter, in, l.Request.ID); err != nil {
			return err
		}
		if err := tx.UseSignatureRequest(ctx, l.Request.ID, g.ID, s.desk.Now()); domain.IsCode(err, domain.ErrConflict) {
			return badSignatureLink()
		} else if err != nil {
			return err
		}
		return nil
	})
	return g, err
}

// SweepExpiredSignatureRequests forgets the tokens of the signature links expired unused,
// and says so on each request's timeline; the housekeeping job runs it. The links stopped
// working at their expiry already: this keeps no token of them and tells the customer.
func (s *Service) SweepExpiredSignatureRequests(ctx context.Context) (n int, err error) {
	defer desk.Wrap(&err, "sweep expired signature links")
	const batch = 200
	for {
		got := 0
		err := s.desk.Store.InTx(ctx, func(tx domain.Tx) error {
			rs, err := tx.ExpireSignatureRequests(ctx, s.desk.Now(), batch)
			if err != nil {
				return err
			}
			got = len(rs)
			for _, r := range rs {
				p, err := tx.PortIn(ctx, r.PortInID)
				if err != nil {
					return err
				}
				if err := s.frame.Record(ctx, tx, desk.System(), p, domain.PortInEvent{Type: domain.EventSignatureExpired,
					Detail: fmt.Sprintf("Signature link sent to %s on %s expired unsigned: send the letter again", r.Email, r.CreatedAt.UTC().Format("2 Jan 2006"))}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return n, err
		}
		n += got
		if got < batch {
			return n, nil
		}
	}
}
