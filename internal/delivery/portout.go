package delivery

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/notify"
)

// PortOutEvent writes, in the event's transaction, what a port-out's event sends: its
// webhooks and the job that emails the account's admins (and the gaining provider).
// released names the numbers a completion released.
func (s *Service) PortOutEvent(ctx context.Context, tx domain.Tx, p domain.PortOut, e domain.PortOutEvent, released []string) (err error) {
	defer desk.Wrap(&err, "webhooks and email of event %d", e.ID)
	return s.enqueue(ctx, tx, p.AccountID, e.ID, e.At, portOutHooks(p, e, released), portOutSends(e).email != "", 0)
}

// portOutSends is what a port-out's event sends: the webhooks it raises and the email the
// account's admins get, if any.
func portOutSends(e domain.PortOutEvent) sends {
	switch e.Type {
	case domain.EventPortOutCreated:
		if e.To == domain.PortOutRejected { // locked: refused at once
			return sends{[]string{domain.HookPortOutCreated, domain.HookPortOutRejected}, domain.EmailPortOutBlocked}
		}
		return sends{[]string{domain.HookPortOutCreated}, domain.EmailPortOutCreated}
	case domain.EventStatusChanged:
		return portOutMoves[e.To]
	}
	return sends{}
}

// portOutMoves is what each status a port-out moves to sends.
var portOutMoves = map[domain.PortOutStatus]sends{
	domain.PortOutAuthorized: {[]string{domain.HookPortOutAuthorized}, domain.EmailPortOutAuthorized},
	domain.PortOutRejected:   {[]string{domain.HookPortOutRejected}, domain.EmailPortOutRejected},
	domain.PortOutCompleted:  {[]string{domain.HookPortOutCompleted, domain.HookNumberReleased}, domain.EmailPortOutCompleted},
	domain.PortOutCancelled:  {[]string{domain.HookPortOutCancelled}, domain.EmailPortOutCancelled},
}

type hookPortOut struct {
	ID               int64                 `json:"id"`
	AccountID        int64                 `json:"account_id"`
	Status           domain.PortOutStatus  `json:"status"`
	StatusReason     string                `json:"status_reason,omitempty"`
	Origin           domain.PortOutOrigin  `json:"origin"`
	GainingProvider  string                `json:"gaining_provider"`
	GainingReference string                `json:"gaining_reference,omitempty"`
	EndUserName      string                `json:"end_user_name,omitempty"`
	DesiredDate      string                `json:"desired_date,omitempty"`
	PINOutcome       domain.PINOutcome     `json:"pin_outcome"`
	Checks           []domain.PortOutCheck `json:"checks"`
	Rejections       []hookRejection       `json:"rejections,omitempty"`
	Numbers          []hookPortOutNumber   `json:"numbers"`
	AutoAuthorizeAt  *time.Time            `json:"auto_authorize_at,omitempty"`
	CreatedAt        time.Time             `json:"created_at"`
}

type hookPortOutNumber struct {
	Number  string                     `json:"number"`
	Status  domain.PortOutNumberStatus `json:"status"`
	Outcome domain.RejectionCode       `json:"outcome,omitempty"`
}

type hookPortOutData struct {
	EventID int64       `json:"event_id"`
	PortOut hookPortOut `json:"port_out"`
	// Released names the numbers that left (number.released).
	Released []string `json:"released,omitempty"`
}

// portOutHooks are the webhooks of a port-out's event, with the port-out as it stands in the
// event's transaction; the rejections as the gaining provider was told them.
func portOutHooks(p domain.PortOut, e domain.PortOutEvent, released []string) []hookMessage {
	types := portOutSends(e).hooks
	if len(types) == 0 {
		return nil
	}
	hp := hookPortOut{ID: p.ID, AccountID: p.AccountID, Status: p.Status, StatusReason: p.StatusReason, Origin: p.Origin,
		GainingProvider: p.GainingProvider, GainingReference: p.GainingReference, EndUserName: p.EndUserName, PINOutcome: p.PINOutcome,
		Checks: p.Checks, AutoAuthorizeAt: p.AutoAuthorizeAt, CreatedAt: p.CreatedAt, Numbers: []hookPortOutNumber{}}
	if hp.Checks == nil {
		hp.Checks = []domain.PortOutCheck{}
	}
	if p.DesiredDate != nil {
		hp.DesiredDate = p.DesiredDate.Format(time.DateOnly)
	}
	for _, r := range p.Rejections {
		hp.Rejections = append(hp.Rejections, hookRejection{Code: r.Code, Fix: r.ToGainingProvider()})
	}
	for _, n := range p.Numbers {
		hp.Numbers = append(hp.Numbers, hookPortOutNumber{Number: n.Number, Status: n.Status, Outcome: n.Outcome})
	}
	out := make([]hookMessage, 0, len(types))
	for _, typ := range types {
		data := hookPortOutData{EventID: e.ID, PortOut: hp}
		if typ == domain.HookNumberReleased {
			data.Released = released
			if data.Released == nil {
				data.Released = []string{}
			}
		}
		out = append(out, hookMessage{typ: typ, payload: data})
	}
	return out
}

// portOutRecipients are the admins of the account, each once: those who can lock it. An
// account without an admin of its own is told through the nearest account above that has one.
func (s *Service) portOutRecipients(ctx context.Context, accountID int64) ([]recipient, error) {
	for id := accountID; id != 0; {
		us, err := s.desk.Store.Users(ctx, id)
		if err != nil {
			return nil, err
		}
		var out []recipient
		for _, u := range us {
			if u.Role == domain.RoleAdmin && !u.Staff {
				out = append(out, recipient{email: strings.ToLower(u.Email), name: u.Name})
			}
		}
		if len(out) > 0 {
			return out, nil
		}
		acc, err := s.desk.Store.Account(ctx, id)
		if err != nil {
			return nil, err
		}
		id = acc.ParentID
	}
	return nil, nil
}

// portOutEmails sends a port-out event's email to each admin not yet sent to, recording every
// try as port-in emails are (by event and recipient, the same Message-ID each time), and the
// answer to the gaining provider at its porting address.
func (s *Service) portOutEmails(ctx context.Context, e domain.PortOutEvent) error {
	tmpl := portOutSends(e).email
	if tmpl == "" {
		return nil
	}
	p, err := s.desk.Store.PortOut(ctx, e.Subject.ID)
	if domain.IsCode(err, domain.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	acc, err := s.desk.Store.Account(ctx, p.AccountID)
	if err != nil {
		return err
	}
	m := &notify.PortOutMail{PortOutID: p.ID, Customer: acc.Name, Gaining: p.GainingProvider, Numbers: len(p.Numbers), Status: p.Status.Label(),
		Reason: e.Reason, Detail: e.Detail, LockURL: s.link(fmt.Sprintf("/settings/port-outs?account=%d", p.AccountID)),
		Announced: p.Origin == domain.PortOutAnnounced, Lines: p.NumberList()}
	if tmpl == domain.EmailPortOutRejected && e.Reason != "" {
		m.Fixes = strings.Split(e.Reason, "\n")
	}
	if tmpl == domain.EmailPortOutCreated || tmpl == domain.EmailPortOutBlocked {
		for _, c := range p.Checks {
			if !c.Passed {
				m.Checks = append(m.Checks, c.Check.Label()+": "+c.Detail)
			}
		}
		m.Detail = ""
		if p.AutoAuthorizeAt != nil {
			m.Detail = "Unless our porting team answers first, it will be authorized automatically on " + desk.FormatFOC(*p.AutoAuthorizeAt, string(acc.Country)) + ", as your account's settings say."
		}
	}
	rs, err := s.portOutRecipients(ctx, p.AccountID)
	if err != nil {
		return err
	}
	url := s.link(fmt.Sprintf("/port-outs/%d", p.ID))
	sends := make([]mailing, len(rs))
	for i, r := range rs {
		sends[i] = mailing{r, tmpl, notify.PortOutHeader(s.cfg.Operator, acc.Name, p.ID, url, true)}
	}
	if tmpl == domain.EmailPortOutCreated && p.Origin == domain.PortOutAnnounced && s.cfg.TeamEmail != "" {
		// The team entered a gaining provider's request itself; an announcement it has to hear of.
		sends = append(sends, mailing{s.team(), domain.EmailPortOutAnnouncedTeam, notify.PortOutHeader(s.cfg.Operator, acc.Name, p.ID, url, false)})
	}
	err = s.sendOnce(ctx, e.ID, 0, m, sends, nil, "")
	if g := gainingTemplate(tmpl); g != "" && p.GainingEmail != "" {
		to := recipient{email: strings.ToLower(p.GainingEmail), name: p.GainingProvider}
		err = errors.Join(err, s.sendOnce(ctx, e.ID, 0, s.gainingMail(p, e, g), []mailing{{to, g, notify.Header{Operator: s.cfg.Operator}}}, nil, ""))
	}
	return err
}

// gainingTemplate is the answer a port-out's admin email means for the gaining provider.
func gainingTemplate(tmpl string) string {
	switch tmpl {
	case domain.EmailPortOutAuthorized:
		return domain.EmailPortOutGainingAuthorized
	case domain.EmailPortOutRejected, domain.EmailPortOutBlocked:
		return domain.EmailPortOutGainingRejected
	}
	return ""
}

// gainingMail is the answer to the gaining provider: its own reference, the end user's name
// and the numbers as it sent them, and for a rejection what it was told. It is built apart
// from the admins' mail, which holds the account's records and the team's reasons.
func (s *Service) gainingMail(p domain.PortOut, e domain.PortOutEvent, tmpl string) *notify.GainingMail {
	m := &notify.GainingMail{PortOutID: p.ID, Gaining: p.GainingProvider, Reference: p.GainingReference,
		Customer: desk.OrDefault(p.EndUserName, "your end user"), Numbers: len(p.Numbers), Lines: p.NumberList()}
	if p.DesiredDate != nil {
		m.FOC = p.DesiredDate.Format("Monday 2 January 2006")
	}
	if tmpl == domain.EmailPortOutGainingRejected && e.Reason != "" {
		m.Fixes = strings.Split(e.Reason, "\n") // the codes in the gaining provider's words, then the team's note to it
	}
	return m
}
