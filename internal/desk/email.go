package desk

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/notify"
)

// JobSendEventEmail is the kind of the job that emails an event's recipients.
const JobSendEventEmail = "send_event_email"

// EventEmailArgs are that job's arguments.
type EventEmailArgs struct {
	EventID int64 `json:"event_id"`
	NoteID  int64 `json:"note_id,omitempty"`
}

// UseMailer sets how email goes out: SMTP, or the outbox directory.
func (s *Service) UseMailer(m notify.Mailer) error {
	ts, err := notify.LoadTemplates()
	if err != nil {
		return err
	}
	s.mailer, s.mailTemplates = m, ts
	return nil
}

// emailTemplateFor is the email an event sends its recipients, if any.
func emailTemplateFor(e domain.Event) string {
	switch e.Type {
	case domain.EventNoteAdded:
		return domain.EmailNote
	case domain.EventSplit:
		return domain.EmailReceived
	case domain.EventFOCChanged:
		return domain.EmailScheduled
	case domain.EventReminder:
		return domain.EmailStaffReminder
	case domain.EventStatusChanged:
		switch e.To {
		case domain.StatusSubmitted:
			return domain.EmailReceived
		case domain.StatusActionRequired:
			return domain.EmailActionRequired
		case domain.StatusInProgress:
			return domain.EmailInProgress
		case domain.StatusScheduled:
			return domain.EmailScheduled
		case domain.StatusCompleted:
			return domain.EmailCompleted
		case domain.StatusRejected:
			return domain.EmailRejected
		case domain.StatusCancelled:
			return domain.EmailCancelled
		}
	}
	return ""
}

// enqueueEmail inserts, in the event's transaction, the job that emails it: the email goes
// if and only if the change commits.
func (s *Service) enqueueEmail(ctx context.Context, tx domain.Tx, e domain.Event, noteID int64) error {
	if emailTemplateFor(e) == "" {
		return nil
	}
	return tx.EnqueueJob(ctx, domain.Job{Kind: JobSendEventEmail, Args: EventEmailArgs{EventID: e.ID, NoteID: noteID}})
}

type recipient struct{ email, name string }

// recipientsOf is who hears about a request: the user who created it and its recipient
// emails (users of the account), each once.
func (s *Service) recipientsOf(ctx context.Context, p domain.PortIn) ([]recipient, error) {
	var out []recipient
	seen := map[string]bool{}
	add := func(email, name string) {
		key := strings.ToLower(strings.TrimSpace(email))
		if key == "" || seen[key] {
			return
		}
		seen[key] = true
		out = append(out, recipient{email: key, name: name})
	}
	if p.CreatedBy != 0 {
		u, err := s.store.User(ctx, p.CreatedBy)
		if err != nil && !domain.IsCode(err, domain.ErrNotFound) {
			return nil, err
		}
		if err == nil {
			add(u.Email, u.Name)
		}
	}
	for _, email := range p.Recipients {
		u, err := s.store.UserByEmail(ctx, email)
		if err != nil {
			if domain.IsCode(err, domain.ErrNotFound) {
				continue // the user left the account since
			}
			return nil, err
		}
		if u.AccountID == p.AccountID {
			add(u.Email, u.Name)
		}
	}
	return out, nil
}

// DeliverEventEmails sends an event's emails to each recipient not yet sent to, and records
// each try. A failure is returned after the others were tried, so the job is retried with
// backoff and sends only what is still missing.
func (s *Service) DeliverEventEmails(ctx context.Context, args EventEmailArgs) error {
	if s.mailer == nil {
		return errors.New("no mailer configured")
	}
	e, err := s.store.Event(ctx, args.EventID)
	if domain.IsCode(err, domain.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if e.PortOutID != 0 {
		return s.deliverPortOutEmails(ctx, e) // a port-out's: to the account's admins
	}
	tmpl := emailTemplateFor(e)
	p, err := s.store.PortIn(ctx, e.PortInID)
	if domain.IsCode(err, domain.ErrNotFound) || tmpl == "" {
		return nil // a draft deleted since: nothing to tell
	}
	if err != nil {
		return err
	}
	ns, err := s.store.PortInNumbers(ctx, p.ID)
	if err != nil {
		return err
	}
	m := notify.Mail{Template: tmpl, Operator: s.cfg.Operator.Name, RequestID: p.ID, Customer: orDefault(p.CustomerName, "your request"),
		Losing: orDefault(p.LosingProvider, "your current provider"), Numbers: len(ns), Status: p.Status.Label(), Reason: e.Reason,
		URL: s.link(fmt.Sprintf("/port-ins/%d", p.ID))}
	if tmpl == domain.EmailActionRequired && e.Reason != "" {
		m.Fixes = strings.Split(e.Reason, "\n")
		m.Reason = ""
	}
	var attachments []notify.Attachment
	if p.FOC != nil && p.Status == domain.StatusScheduled {
		acc, err := s.store.Account(ctx, p.AccountID)
		if err != nil {
			return err
		}
		if tmpl == domain.EmailStaffReminder {
			m.FOC = FormatFOC(*p.FOC, string(acc.Country)) // the team works to the porting zone
		} else {
			f := AccountFOC(*p.FOC, acc) // the customer's zone, and the carrier's beside it
			m.FOC, m.FOCCarrier = f.Local, f.Carrier
		}
	}
	if tmpl == domain.EmailScheduled && p.FOC != nil {
		inv := notify.Invitation{UID: fmt.Sprintf("port-in-%d@%s", p.ID, s.mailDomain()), Sequence: e.ID, Start: *p.FOC, Stamp: s.now(),
			Summary:     fmt.Sprintf("Numbers port to %s (request %d)", s.cfg.Operator.Name, p.ID),
			Description: fmt.Sprintf("%d number(s) of %s move from %s. Keep your service with %s active until the port completes.", len(ns), m.Customer, m.Losing, m.Losing)}
		attachments = append(attachments, notify.Attachment{Name: fmt.Sprintf("port-%d.ics", p.ID), ContentType: "text/calendar", Data: inv.ICS()})
	}
	if args.NoteID != 0 {
		notes, err := s.store.Notes(ctx, p.ID, false)
		if err != nil {
			return err
		}
		for _, n := range notes {
			if n.ID == args.NoteID {
				m.Note, m.NoteAuthor = n.Body, n.AuthorName
			}
		}
		if m.Note == "" {
			return nil // internal or gone: never emailed
		}
	}
	var sends []mailing
	if tmpl == domain.EmailStaffReminder {
		if s.cfg.TeamEmail == "" {
			return nil // no queue address: the queue's flags are the reminder
		}
		sends = append(sends, mailing{recipient{email: strings.ToLower(s.cfg.TeamEmail), name: "porting team"}, tmpl})
		m.Detail = e.Detail
	} else {
		rs, err := s.recipientsOf(ctx, p)
		if err != nil {
			return err
		}
		for _, r := range rs {
			sends = append(sends, mailing{r, tmpl})
		}
	}
	if tmpl == domain.EmailReceived && s.cfg.TeamEmail != "" {
		sends = append(sends, mailing{recipient{email: strings.ToLower(s.cfg.TeamEmail), name: "porting team"}, domain.EmailReceivedTeam})
	}
	return s.sendOnce(ctx, e, p.ID, m, sends, attachments)
}

// mailing is one email of an event: to whom, with which template.
type mailing struct {
	recipient
	tmpl string
}

// sendOnce sends each of an event's mailings not yet sent and records every try by event
// and recipient, with the same Message-ID each time: a retried job sends nobody a second
// copy, and a failure is an error so that the job tries again. portInID is 0 for a
// port-out's event.
func (s *Service) sendOnce(ctx context.Context, e domain.Event, portInID int64, m notify.Mail, sends []mailing, attachments []notify.Attachment) error {
	done, err := s.store.EmailDeliveries(ctx, e.ID)
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
		m.Template, m.Recipient = x.tmpl, orDefault(x.name, x.email)
		subject, text, html, err := s.mailTemplates.Compose(m)
		if err != nil {
			return err
		}
		d := domain.EmailDelivery{EventID: e.ID, PortInID: portInID, Recipient: x.email, Template: x.tmpl, Subject: subject,
			MessageID: s.messageID(e.ID, x.email), Status: domain.DeliverySent, At: s.now()}
		err = s.mailer.Send(ctx, notify.Message{ID: d.MessageID, From: s.mailFrom(), To: x.email, Subject: subject, Text: text, HTML: html, Date: s.now(), Attachments: attachments})
		if err != nil {
			d.Status, d.Error = domain.DeliveryFailed, truncate(err.Error(), 500)
			failed = append(failed, x.email)
			s.log.Warn("email not sent", "event", e.ID, "to", x.email, "err", err)
		}
		if err := s.store.RecordEmailDelivery(ctx, &d); err != nil {
			return err
		}
	}
	if len(failed) > 0 {
		return fmt.Errorf("email to %s not sent yet", strings.Join(failed, ", "))
	}
	return nil
}

// messageID is the same for every try of one delivery, so a mail system that got a message
// whose success we could not record drops the second copy.
func (s *Service) messageID(eventID int64, to string) string {
	sum := sha256.Sum256([]byte(to))
	return fmt.Sprintf("<event-%d.%s@%s>", eventID, hex.EncodeToString(sum[:6]), s.mailDomain())
}

func (s *Service) mailDomain() string {
	if u, err := url.Parse(s.cfg.BaseURL); err == nil && u.Hostname() != "" {
		return u.Hostname()
	}
	return "portdesk.invalid"
}

func (s *Service) mailFrom() string {
	if s.cfg.MailFrom != "" {
		return s.cfg.MailFrom
	}
	return fmt.Sprintf("%q <porting@%s>", s.cfg.Operator.Name, s.mailDomain())
}

// link is the address of a page of the desk, or "" when the base URL is not configured.
func (s *Service) link(path string) string {
	if s.cfg.BaseURL == "" {
		return ""
	}
	return strings.TrimRight(s.cfg.BaseURL, "/") + path
}

// EmailDeliveries lists a request's email deliveries, for the team.
func (s *Service) EmailDeliveries(ctx context.Context, a domain.Actor, id int64) ([]domain.EmailDelivery, error) {
	if err := requireStaff(a); err != nil {
		return nil, err
	}
	return s.store.PortInEmailDeliveries(ctx, id)
}
