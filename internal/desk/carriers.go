package desk

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"net/mail"
	"slices"
	"strings"

	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/notify"
)

// JobSendToCarrier is the kind of the job that emails an order package to a carrier.
const JobSendToCarrier = "send_to_carrier"

// SendToCarrierArgs are that job's arguments: the "sent to carrier" event it delivers.
type SendToCarrierArgs struct {
	EventID   int64 `json:"event_id"`
	CarrierID int64 `json:"carrier_id"`
}

// CarrierInput is a carrier as the team enters it.
type CarrierInput struct {
	Name       string   `json:"name"`
	Email      string   `json:"email"`
	Countries  []string `json:"countries"`
	Categories []string `json:"categories"`
}

func (in *CarrierInput) check() error {
	var v domain.Validation
	in.Name, in.Email = strings.TrimSpace(in.Name), strings.TrimSpace(in.Email)
	if in.Name == "" {
		v.Add("name", "required", "Give the carrier's name.")
	}
	if a, err := mail.ParseAddress(in.Email); err != nil || a.Address != in.Email {
		v.Add("email", "invalid", "Give the carrier's porting email address.")
	}
	for i, c := range in.Countries {
		in.Countries[i] = strings.ToUpper(strings.TrimSpace(c))
		if len(in.Countries[i]) != 2 {
			v.Add(fmt.Sprintf("countries[%d]", i), "invalid", "Use two-letter country codes (GB, US, CA).")
		}
	}
	cats := append(slices.Clone(AgreementCategories), "international")
	for i, c := range in.Categories {
		if !slices.Contains(cats, c) {
			v.Add(fmt.Sprintf("categories[%d]", i), "invalid", "One of: "+strings.Join(cats, ", ")+".")
		}
	}
	return v.Err(domain.ErrInvalid, "the carrier is not valid")
}

// Carriers lists the carriers orders can be sent to.
func (s *Service) Carriers(ctx context.Context, a domain.Actor) ([]domain.Carrier, error) {
	if err := requireStaff(a); err != nil {
		return nil, err
	}
	return s.store.Carriers(ctx)
}

// SaveCarrier adds a carrier (id 0) or changes one, with an audit entry.
func (s *Service) SaveCarrier(ctx context.Context, a domain.Actor, id int64, in CarrierInput) (domain.Carrier, error) {
	var c domain.Carrier
	if err := requireStaff(a); err != nil {
		return c, err
	}
	if err := in.check(); err != nil {
		return c, err
	}
	err := s.store.InTx(ctx, func(tx domain.Tx) error {
		action := "created"
		if id == 0 {
			c = domain.Carrier{CreatedAt: s.now()}
		} else {
			var err error
			if c, err = tx.Carrier(ctx, id); err != nil {
				return err
			}
			action = "updated"
		}
		c.Name, c.Email, c.Countries, c.Categories, c.UpdatedAt = in.Name, in.Email, in.Countries, in.Categories, s.now()
		var err error
		if id == 0 {
			err = tx.CreateCarrier(ctx, &c)
		} else {
			err = tx.UpdateCarrier(ctx, &c)
		}
		if err != nil {
			return err
		}
		return tx.AddAudit(ctx, &domain.AuditEntry{ActorID: a.UserID, ActorName: actorName(a), Subject: fmt.Sprintf("carrier:%d", c.ID),
			Action: action, Detail: c.Name + " <" + c.Email + ">", At: s.now()})
	})
	return c, err
}

// DeleteCarrier removes a carrier; orders already sent keep their events.
func (s *Service) DeleteCarrier(ctx context.Context, a domain.Actor, id int64) error {
	if err := requireStaff(a); err != nil {
		return err
	}
	return s.store.InTx(ctx, func(tx domain.Tx) error {
		if err := tx.DeleteCarrier(ctx, id); err != nil {
			return err
		}
		return tx.AddAudit(ctx, &domain.AuditEntry{ActorID: a.UserID, ActorName: actorName(a), Subject: fmt.Sprintf("carrier:%d", id),
			Action: "deleted", At: s.now()})
	})
}

// SendToCarrier emails the order package to a carrier's porting desk, in a job enqueued with
// the change: a submitted request goes in progress; one in progress may be sent again.
func (s *Service) SendToCarrier(ctx context.Context, a domain.Actor, id, version, carrierID int64) (domain.PortIn, error) {
	return s.change(ctx, a, id, version, func(tx domain.Tx, p *domain.PortIn) error {
		if err := requireStaff(a); err != nil {
			return err
		}
		c, err := tx.Carrier(ctx, carrierID)
		if err != nil {
			return &domain.Error{Code: domain.ErrInvalid, Message: "choose a carrier",
				Fields: []domain.FieldError{{Field: "carrier_id", Code: "invalid", Message: "Not a carrier: add it under Carriers first."}}}
		}
		switch p.Status {
		case domain.StatusSubmitted:
			from := p.Status
			if err := domain.CheckTransition(from, domain.StatusInProgress, a.Party(), ""); err != nil {
				return err
			}
			p.Status, p.StatusReason, p.UpdatedAt = domain.StatusInProgress, "", s.now()
			if err := tx.UpdatePortIn(ctx, p); err != nil {
				return err
			}
			if err := tx.SetPortInNumberStatus(ctx, id, domain.NumberStatusFor(domain.StatusInProgress), true); err != nil {
				return err
			}
			if err := s.record(ctx, tx, a, *p, domain.Event{Type: domain.EventStatusChanged, From: from, To: domain.StatusInProgress,
				Detail: from.Label() + " → " + domain.StatusInProgress.Label()}); err != nil {
				return err
			}
		case domain.StatusInProgress:
		default:
			return &domain.Error{Code: domain.ErrIllegalTransition, Message: "an order goes to the carrier once submitted, and again while in progress; this one is " + p.Status.Label()}
		}
		e := domain.Event{PortInID: p.ID, AccountID: p.AccountID, ActorID: a.UserID, ActorName: actorName(a), Type: domain.EventSentToCarrier,
			Detail: fmt.Sprintf("Order sent to %s <%s>", c.Name, c.Email), At: s.now()}
		if err := tx.AddEvent(ctx, &e); err != nil {
			return err
		}
		return tx.EnqueueJob(ctx, domain.Job{Kind: JobSendToCarrier, Args: SendToCarrierArgs{EventID: e.ID, CarrierID: c.ID}})
	})
}

// SendOrderPackage builds and sends the order package of a "sent to carrier" event: the
// letters (signed), the documents, the numbers as CSV, and a summary. Sent once: a delivery
// already made is not repeated.
func (s *Service) SendOrderPackage(ctx context.Context, args SendToCarrierArgs) error {
	if s.mailer == nil {
		return fmt.Errorf("no mailer configured")
	}
	e, err := s.store.Event(ctx, args.EventID)
	if domain.IsCode(err, domain.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	c, err := s.store.Carrier(ctx, args.CarrierID)
	if domain.IsCode(err, domain.ErrNotFound) {
		return nil // deleted since: the team sees the event and can send to another
	}
	if err != nil {
		return err
	}
	done, err := s.store.EmailDeliveries(ctx, e.ID)
	if err != nil {
		return err
	}
	for _, d := range done {
		if d.Recipient == strings.ToLower(c.Email) && d.Status == domain.DeliverySent {
			return nil
		}
	}
	p, err := s.store.PortIn(ctx, e.PortInID)
	if err != nil {
		return err
	}
	ns, err := s.store.PortInNumbers(ctx, p.ID)
	if err != nil {
		return err
	}
	var atts []notify.Attachment
	pw, err := s.Paperwork(ctx, systemAdmin, p.ID)
	if err != nil {
		return err
	}
	for i, l := range pw.Letters {
		var b bytes.Buffer
		if err := s.WriteLetter(ctx, systemAdmin, p.ID, l.Order.Key, &b); err != nil {
			return err
		}
		atts = append(atts, notify.Attachment{Name: fmt.Sprintf("loa-%d-%d.pdf", p.ID, i+1), ContentType: "application/pdf", Data: b.Bytes()})
	}
	st, err := s.documentStore()
	if err != nil {
		return err
	}
	for _, d := range pw.Documents {
		if d.Kind == domain.DocOther {
			continue
		}
		rc, err := st.Get(ctx, d.StorageKey)
		if err != nil {
			return err
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return err
		}
		atts = append(atts, notify.Attachment{Name: string(d.Kind) + "-" + d.Name, ContentType: d.ContentType, Data: data})
	}
	var csvb bytes.Buffer
	w := csv.NewWriter(&csvb)
	_ = w.Write([]string{"number", "receiving_number", "tracking_source"})
	for _, n := range ns {
		if n.Status != domain.NumberSetAside {
			_ = w.Write([]string{n.Number, n.ReceivingNumber, n.TrackingSource})
		}
	}
	w.Flush()
	atts = append(atts, notify.Attachment{Name: fmt.Sprintf("numbers-%d.csv", p.ID), ContentType: "text/csv", Data: csvb.Bytes()})

	m := notify.Mail{Template: domain.EmailCarrierOrder, Operator: s.cfg.Operator.Name, RequestID: p.ID, Customer: p.CustomerName,
		Numbers: len(ns), Lines: orderSummary(p, ns)}
	subject, text, html, err := s.mailTemplates.Compose(m)
	if err != nil {
		return err
	}
	d := domain.EmailDelivery{EventID: e.ID, PortInID: p.ID, Recipient: strings.ToLower(c.Email), Template: domain.EmailCarrierOrder, Subject: subject,
		MessageID: s.messageID(e.ID, c.Email), Status: domain.DeliverySent, At: s.now()}
	sendErr := s.mailer.Send(ctx, notify.Message{ID: d.MessageID, From: s.mailFrom(), To: c.Email, ReplyTo: s.cfg.TeamEmail, Subject: subject,
		Text: text, HTML: html, Attachments: atts, Date: s.now()})
	if sendErr != nil {
		d.Status, d.Error = domain.DeliveryFailed, truncate(sendErr.Error(), 500)
	}
	if err := s.store.RecordEmailDelivery(ctx, &d); err != nil {
		return err
	}
	return sendErr
}

// orderSummary is what a carrier's desk checks against its records, one fact a line.
func orderSummary(p domain.PortIn, ns []domain.PortNumber) []string {
	addr := strings.Join(slices.DeleteFunc([]string{p.BillingAddress.Line1, p.BillingAddress.Line2, p.BillingAddress.City,
		p.BillingAddress.Region, p.BillingAddress.Postcode, p.BillingAddress.Country}, func(s string) bool { return s == "" }), ", ")
	lines := []string{
		"Our reference: " + fmt.Sprint(p.ID),
		"Customer (as on your records): " + p.CustomerName,
		"Billing address: " + addr,
		"Account number: " + p.AccountNumber,
		"Billing telephone number: " + p.BTN,
		"Port type: " + string(p.PortType),
	}
	if p.NewBTN != "" {
		lines = append(lines, "New billing number for the remaining lines: "+p.NewBTN)
	}
	if p.PINSet() {
		lines = append(lines, "PIN/passcode: provided separately on request")
	}
	if p.DesiredDate != nil {
		lines = append(lines, "Requested date: "+p.DesiredDate.Format("Monday 2 January 2006"))
	}
	lines = append(lines, fmt.Sprintf("Numbers: %d (attached as CSV)", len(ns)))
	return lines
}
