package delivery

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/notify"
)

// PortInEvent writes, in the event's transaction, what a port-in's event sends: its webhooks
// and the job that emails it. note is the note a note's event is about (its webhook carries
// it; a note from the team is emailed to the customer, a customer's note reaches the team on
// the desk).
func (s *Service) PortInEvent(ctx context.Context, tx domain.Tx, p domain.PortIn, e domain.PortInEvent, note *domain.Note) (err error) {
	defer desk.Wrap(&err, "webhooks and email of event %d", e.ID)
	hooks, err := portInHooks(ctx, tx, p, e, note)
	if err != nil {
		return err
	}
	email := portInSends(e).email != ""
	switch {
	case p.ParentID != 0 && e.Type == domain.EventStatusChanged && e.From == domain.StatusDraft:
		email = false // an order born of a split: the request's own email tells of all its orders
	case note != nil && !note.Staff:
		email = false
	}
	var noteID int64
	if note != nil {
		noteID = note.ID
	}
	if err := carrierSync(ctx, tx, p, e, note); err != nil {
		return err
	}
	return s.enqueue(ctx, tx, p.AccountID, e.ID, e.At, hooks, email, noteID)
}

// portInSends is what a port-in's event sends: the webhooks it raises and the email its
// recipients get, if any.
func portInSends(e domain.PortInEvent) sends {
	if e.Type == domain.EventStatusChanged {
		return portInMoves[e.To]
	}
	return portInEvents[e.Type]
}

// portInMoves is what each status a request moves to sends.
var portInMoves = map[domain.Status]sends{
	domain.StatusSubmitted:      {[]string{domain.HookPortInSubmitted}, domain.EmailReceived},
	domain.StatusActionRequired: {[]string{domain.HookPortInActionRequired}, domain.EmailActionRequired},
	domain.StatusInProgress:     {[]string{domain.HookPortInInProgress}, domain.EmailInProgress},
	domain.StatusScheduled:      {[]string{domain.HookPortInScheduled}, domain.EmailScheduled},
	domain.StatusCompleted:      {[]string{domain.HookPortInCompleted, domain.HookNumberActivated}, domain.EmailCompleted},
	domain.StatusRejected:       {[]string{domain.HookPortInRejected}, domain.EmailRejected},
	domain.StatusCancelled:      {[]string{domain.HookPortInCancelled}, domain.EmailCancelled},
}

// portInEvents is what a request's other events send.
var portInEvents = map[domain.EventType]sends{
	domain.EventNoteAdded:  {[]string{domain.HookPortInNoteCreated}, domain.EmailNote},
	domain.EventSplit:      {nil, domain.EmailReceived}, // the orders' own submissions send no email: this tells of them all
	domain.EventFOCChanged: {[]string{domain.HookPortInScheduled}, domain.EmailScheduled},
	domain.EventReminder:   {nil, domain.EmailStaffReminder},
	domain.EventSMSEnabled: {[]string{domain.HookNumberSMSEnabled}, ""},
	// Some numbers completed early: which may be cancelled with the losing provider now, and
	// which must stay until they port (the completion template, told the port is still open).
	domain.EventNumbersPorted: {[]string{domain.HookNumberActivated}, domain.EmailCompleted},
}

type hookPortIn struct {
	ID             int64            `json:"id"`
	AccountID      int64            `json:"account_id"`
	ParentID       int64            `json:"parent_id,omitempty"`
	Status         domain.Status    `json:"status"`
	StatusReason   string           `json:"status_reason,omitempty"`
	CustomerName   string           `json:"customer_name"`
	LosingProvider string           `json:"losing_provider"`
	FOC            *time.Time       `json:"foc,omitempty"`
	Rejections     []hookRejection  `json:"rejections,omitempty"`
	SubmittedAt    *time.Time       `json:"submitted_at,omitempty"`
	Numbers        []hookPortNumber `json:"numbers,omitempty"`
}

type hookRejection struct {
	Code domain.RejectionCode `json:"code"`
	Fix  string               `json:"fix"`
}

type hookPortNumber struct {
	Number          string `json:"number"`
	ReceivingNumber string `json:"receiving_number,omitempty"`
	TrackingSource  string `json:"tracking_source,omitempty"`
}

type hookPortInData struct {
	EventID int64      `json:"event_id"`
	PortIn  hookPortIn `json:"port_in"`
	Note    *hookNote  `json:"note,omitempty"`
}

type hookNote struct {
	ID     int64  `json:"id"`
	Author string `json:"author"`
	Staff  bool   `json:"staff"`
	Body   string `json:"body"`
}

// portInHooks are the webhooks of a port-in's event, with the request as it stands in the
// event's transaction; number.activated and number.sms_enabled name the numbers.
func portInHooks(ctx context.Context, tx domain.Tx, p domain.PortIn, e domain.PortInEvent, note *domain.Note) ([]hookMessage, error) {
	types := portInSends(e).hooks
	if len(types) == 0 {
		return nil, nil
	}
	hp := hookPortIn{ID: p.ID, AccountID: p.AccountID, ParentID: p.ParentID, Status: p.Status, StatusReason: p.StatusReason,
		CustomerName: p.CustomerName, LosingProvider: p.LosingProvider, FOC: p.FOC, SubmittedAt: p.SubmittedAt}
	for _, r := range p.Rejections {
		hp.Rejections = append(hp.Rejections, hookRejection{Code: r.Code, Fix: r.Fix(p)})
	}
	// A partial completion names its numbers in the event's reason, one a line.
	ported := strings.Split(e.Reason, "\n")
	out := make([]hookMessage, 0, len(types))
	for _, typ := range types {
		data := hookPortInData{EventID: e.ID, PortIn: hp}
		if typ == domain.HookNumberActivated || typ == domain.HookNumberSMSEnabled {
			ns, err := tx.PortInNumbers(ctx, p.ID)
			if err != nil {
				return nil, fmt.Errorf("numbers of port-in request %d: %w", p.ID, err)
			}
			for _, n := range ns {
				if n.Status == domain.NumberPorted && (e.Type != domain.EventNumbersPorted || slices.Contains(ported, n.Number)) {
					data.PortIn.Numbers = append(data.PortIn.Numbers, hookPortNumber{Number: n.Number, ReceivingNumber: n.ReceivingNumber, TrackingSource: n.TrackingSource})
				}
			}
		}
		if note != nil {
			data.Note = &hookNote{ID: note.ID, Author: note.AuthorName, Staff: note.Staff, Body: note.Body}
		}
		out = append(out, hookMessage{typ: typ, payload: data})
	}
	return out, nil
}

// portInEmails sends a port-in event's emails: to the request's recipients, or the team's
// queue address for the team's own reminders, and the team besides for a new request.
func (s *Service) portInEmails(ctx context.Context, e domain.PortInEvent, noteID int64) error {
	tmpl := portInSends(e).email
	p, err := s.desk.Store.PortIn(ctx, e.Subject.ID)
	if domain.IsCode(err, domain.ErrNotFound) || tmpl == "" {
		return nil // a draft deleted since: nothing to tell
	}
	if err != nil {
		return err
	}
	ns, err := s.desk.Store.PortInNumbers(ctx, p.ID)
	if err != nil {
		return err
	}
	m := &notify.PortInMail{RequestID: p.ID, Customer: desk.OrDefault(p.CustomerName, "your request"),
		Losing: desk.OrDefault(p.LosingProvider, "your current provider"), Numbers: len(ns), Status: p.Status.Label(), Reason: e.Reason}
	if tmpl == domain.EmailActionRequired && e.Reason != "" {
		m.Fixes = strings.Split(e.Reason, "\n")
		m.Reason = ""
	}
	if tmpl == domain.EmailCompleted {
		completion(m, p, e, ns)
	}
	var attachments []notify.Attachment
	if p.FOC != nil && p.Status == domain.StatusScheduled {
		acc, err := s.desk.Store.Account(ctx, p.AccountID)
		if err != nil {
			return err
		}
		// The porting zone is the order's country's (its numbers'), not the account's.
		numbers := make([]string, 0, len(ns))
		for _, n := range ns {
			if n.Status != domain.NumberSetAside {
				numbers = append(numbers, n.Number)
			}
		}
		country := desk.RequestCountry(acc, p, numbers)
		if tmpl == domain.EmailStaffReminder {
			m.FOC = desk.FormatFOC(*p.FOC, string(country)) // the team works to the porting zone
		} else {
			f := desk.OrderFOC(*p.FOC, acc, country) // the customer's zone, and the carrier's beside it
			m.FOC, m.FOCCarrier = f.Local, f.Carrier
		}
	}
	if tmpl == domain.EmailScheduled && p.FOC != nil {
		inv := notify.Invitation{UID: fmt.Sprintf("port-in-%d@%s", p.ID, s.mailDomain()), Sequence: e.ID, Start: *p.FOC, Stamp: s.desk.Now(),
			Summary:     fmt.Sprintf("Numbers port to %s (request %d)", s.cfg.Operator, p.ID),
			Description: fmt.Sprintf("%s of %s move from %s. Keep your service with %s active until the port completes.", domain.Plural(len(ns), "number"), m.Customer, m.Losing, m.Losing)}
		attachments = append(attachments, notify.Attachment{Name: fmt.Sprintf("port-%d.ics", p.ID), ContentType: "text/calendar", Data: inv.ICS()})
	}
	if noteID != 0 {
		notes, err := s.desk.Store.Notes(ctx, p.ID, false)
		if err != nil {
			return err
		}
		for _, n := range notes {
			if n.ID == noteID {
				m.Note, m.NoteAuthor = n.Body, n.AuthorName
			}
		}
		if m.Note == "" {
			return nil // internal or gone: never emailed
		}
	}
	url := s.link(fmt.Sprintf("/port-ins/%d", p.ID))
	var sends []mailing
	if tmpl == domain.EmailStaffReminder {
		if s.cfg.TeamEmail == "" {
			return nil // no queue address: the queue's flags are the reminder
		}
		sends = append(sends, mailing{s.team(), tmpl, notify.PortInHeader(s.cfg.Operator, p.ID, url, false)})
		m.Detail = e.Detail
	} else {
		rs, err := s.recipientsOf(ctx, p)
		if err != nil {
			return err
		}
		for _, r := range rs {
			sends = append(sends, mailing{r, tmpl, notify.PortInHeader(s.cfg.Operator, p.ID, url, true)})
		}
	}
	if tmpl == domain.EmailReceived && s.cfg.TeamEmail != "" {
		sends = append(sends, mailing{s.team(), domain.EmailReceivedTeam, notify.PortInHeader(s.cfg.Operator, p.ID, url, false)})
	}
	return s.sendOnce(ctx, e.ID, p.ID, m, sends, attachments, "")
}

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
		u, err := s.desk.Store.User(ctx, p.CreatedBy)
		if err != nil && !domain.IsCode(err, domain.ErrNotFound) {
			return nil, err
		}
		if err == nil {
			add(u.Email, u.Name)
		}
	}
	for _, email := range p.Recipients {
		u, err := s.desk.Store.UserByEmail(ctx, email)
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

// completion fills in what a completion email tells apart: the numbers whose service with the
// losing provider may be cancelled now, and those that must stay there (still porting after a
// partial completion, or set aside and never ported), and a partial port's account that stays.
func completion(m *notify.PortInMail, p domain.PortIn, e domain.PortInEvent, ns []domain.PortNumber) {
	m.StillPorting = e.Type == domain.EventNumbersPorted
	m.PartialPort, m.NewBTN = p.PortType == domain.PortPartial, p.NewBTN
	for _, n := range ns {
		switch {
		case n.Status == domain.NumberPorted:
			m.CancelNow = append(m.CancelNow, n.Number)
		case n.Status == domain.NumberSetAside:
			m.KeepNumbers = append(m.KeepNumbers, n.Number+" (not ported: "+strings.ToLower(domain.SetAsideWhy(n.Warnings))+")")
		case m.StillPorting && n.Status != domain.NumberRejected && n.Status != domain.NumberCancelled:
			m.KeepNumbers = append(m.KeepNumbers, n.Number+" (still porting)")
		}
	}
}
