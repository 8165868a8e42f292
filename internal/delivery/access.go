package delivery

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/url"

	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/notify"
)

// AccessEmail is one access link to email: an invitation, an invitation whose address has a
// user already (Taken: no link), or a password reset. Token is the link's secret, made for
// this email; it is never stored.
type AccessEmail struct {
	Link    domain.AccessLink
	Token   string
	Taken   bool
	Account string
	Inviter string
}

// Pages the links open, in the UI.
const (
	AcceptInvitationPath = "/invitation"
	ResetPasswordPath    = "/reset-password"
)

// SendAccessEmail sends an access link's email. A failure is an error, so that the job
// tries again (with a new token: the one emailed last is the one that works).
func (s *Service) SendAccessEmail(ctx context.Context, e AccessEmail) (err error) {
	defer desk.Wrap(&err, "email access link %d", e.Link.ID)
	m := &notify.AccessMail{Account: e.Account, Inviter: desk.OrDefault(e.Inviter, "An admin"), Expires: e.Link.ExpiresAt.UTC().Format("2 Jan 2006 15:04 UTC")}
	h := &m.Header
	h.Operator, h.Recipient = s.cfg.Operator, desk.OrDefault(e.Link.Name, e.Link.Email)
	switch {
	case e.Taken:
		h.Template = "invitation_taken"
		h.Why = "You get this email because someone entered this address in an invitation."
	case e.Link.Purpose == domain.LinkInvitation:
		h.Template, h.LinkLabel, h.LinkText = "invitation", "Choose your password", "Choose your password"
		h.URL = s.pageLink(AcceptInvitationPath, e.Token)
		h.Why = "You get this email because " + m.Inviter + " invited this address."
	default:
		h.Template, h.LinkLabel, h.LinkText = "password_reset", "Choose a new password", "Choose a new password"
		h.URL = s.pageLink(ResetPasswordPath, e.Token)
		h.Why = "You get this email because a password reset was asked for this address."
	}
	subject, text, html, err := s.templates.Compose(m)
	if err != nil {
		return err
	}
	sum := sha256.Sum256([]byte(e.Token))
	id := fmt.Sprintf("<link-%d.%s@%s>", e.Link.ID, hex.EncodeToString(sum[:6]), s.mailDomain())
	return s.mailer.Send(ctx, notify.Message{ID: id, From: s.mailFrom(), To: e.Link.Email, Subject: subject, Text: text, HTML: html, Date: s.desk.Now()})
}

// pageLink is the address of a page of the UI with the link's token; without a base URL,
// the path alone, so that the email still says where to go.
func (s *Service) pageLink(path, token string) string {
	p := path + "?token=" + url.QueryEscape(token)
	if l := s.link(p); l != "" {
		return l
	}
	return p
}

// SignLetterPath is the UI page a signature link opens.
const SignLetterPath = "/sign"

// SendSignatureEmail emails a letter's signature link to the person asked to sign. token is
// the link's secret, made for this email and never stored. A failure is an error, so that the
// job tries again (with a new token).
func (s *Service) SendSignatureEmail(ctx context.Context, r domain.SignatureRequest, token, customer, sender string) (err error) {
	defer desk.Wrap(&err, "email signature request %d", r.ID)
	m := &notify.SignatureMail{Customer: customer, Sender: desk.OrDefault(sender, "Your colleague"), Expires: r.ExpiresAt.UTC().Format("2 Jan 2006 15:04 UTC")}
	h := &m.Header
	h.Operator, h.Recipient = s.cfg.Operator, desk.OrDefault(r.Name, r.Email)
	h.Template, h.LinkLabel, h.LinkText = "signature_request", "Read and sign the letter", "Read and sign the letter"
	h.URL = s.pageLink(SignLetterPath, token)
	h.Why = "You get this email because " + m.Sender + " named you as the person who signs for " + customer + "."
	subject, text, html, err := s.templates.Compose(m)
	if err != nil {
		return err
	}
	sum := sha256.Sum256([]byte(token))
	id := fmt.Sprintf("<signature-%d.%s@%s>", r.ID, hex.EncodeToString(sum[:6]), s.mailDomain())
	return s.mailer.Send(ctx, notify.Message{ID: id, From: s.mailFrom(), To: r.Email, Subject: subject, Text: text, HTML: html, Date: s.desk.Now()})
}
