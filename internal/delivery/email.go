package delivery

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/notify"
)

type recipient struct{ email, name string }

// mailing is one email of an event: to whom, with which template and header.
type mailing struct {
	recipient
	tmpl   string
	header notify.Header
}

// team is the porting team's queue address as a recipient.
func (s *Service) team() recipient {
	return recipient{email: strings.ToLower(s.cfg.TeamEmail), name: "porting team"}
}

// DeliverEventEmails sends an event's emails to each recipient not yet sent to, and records
// each try. A failure is returned after the others were tried, so the job is retried with
// backoff and sends only what is still missing.
func (s *Service) DeliverEventEmails(ctx context.Context, args domain.EventEmailArgs) (err error) {
	defer desk.Wrap(&err, "email event %d", args.EventID)
	e, err := s.desk.Store.Event(ctx, args.EventID)
	if domain.IsCode(err, domain.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	switch e.Subject.Kind {
	case domain.SubjectPortOut:
		err = s.portOutEmails(ctx, domain.EventAs[domain.PortOutStatus](e))
		desk.Wrap(&err, "port-out %d", e.Subject.ID)
	default:
		err = s.portInEmails(ctx, domain.EventAs[domain.Status](e), args.NoteID)
		desk.Wrap(&err, "port-in request %d", e.Subject.ID)
	}
	return err
}

// sendOnce sends each of an event's mailings not yet sent and records every try by event and
// recipient, with the same Message-ID each time: a retried job sends nobody a second copy,
// and a failure is an error so that the job tries again. portInID is 0 for a port-out's
// event.
func (s *Service) sendOnce(ctx context.Context, eventID, portInID int64, m notify.Mail, sends []mailing, attachments []notify.Attachment, replyTo string) error {
	done, err := s.desk.Store.EmailDeliveries(ctx, eventID)
	if err != nil {
		return err
	}
	sent := map[string]bool{}
	for _, d := range done {
		sent[d.Recipient] = d.Status == domain.DeliverySent
	}
	var failed []string
	for _, x := range sends {
		if sent[x.email] {
			continue
		}
		h := notify.Head(m)
		*h = x.header
		h.Template, h.Recipient = x.tmpl, desk.OrDefault(x.name, x.email)
		subject, text, html, err := s.templates.Compose(m)
		if err != nil {
			return err
		}
		d := domain.EmailDelivery{EventID: eventID, PortInID: portInID, Recipient: x.email, Template: x.tmpl, Subject: subject,
			MessageID: s.messageID(eventID, x.email), Status: domain.DeliverySent, At: s.desk.Now()}
		err = s.mailer.Send(ctx, notify.Message{ID: d.MessageID, From: s.mailFrom(), To: x.email, ReplyTo: replyTo, Subject: subject, Text: text,
			HTML: html, Date: s.desk.Now(), Attachments: attachments})
		if err != nil {
			d.Status, d.Error = domain.DeliveryFailed, desk.Truncate(err.Error(), 500)
			failed = append(failed, x.email)
			s.desk.Log.Warn("email not sent", "event", eventID, "to", x.email, "err", err)
		}
		if err := s.desk.Store.RecordEmailDelivery(ctx, &d); err != nil {
			return err
		}
	}
	if len(failed) > 0 {
		// Counted, not named: the delivery log and the warnings above say to whom.
		return fmt.Errorf("%s of %d not sent yet", domain.Plural(len(failed), "email"), len(sends))
	}
	return nil
}

// messageID is the same for every try of one delivery, so a mail system that got a message
// whose success we could not record drops the second copy.
func (s *Service) messageID(eventID int64, to string) string {
	sum := sha256.Sum256([]byte(to))
	return fmt.Sprintf("<event-%d.%s@%s>", eventID, hex.EncodeToString(sum[:6]), s.mailDomain())
}

func (s *Service) mailFrom() string {
	if s.cfg.MailFrom != "" {
		return s.cfg.MailFrom
	}
	return fmt.Sprintf("%q <porting@%s>", s.cfg.Operator, s.mailDomain())
}

// EmailDeliveries lists a request's email deliveries, for the team.
func (s *Service) EmailDeliveries(ctx context.Context, a domain.Actor, portInID int64) (_ []domain.EmailDelivery, err error) {
	defer desk.Wrap(&err, "email deliveries of port-in request %d", portInID)
	if err := desk.RequireStaff(a); err != nil {
		return nil, err
	}
	return s.desk.Store.PortInEmailDeliveries(ctx, portInID)
}
