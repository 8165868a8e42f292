package team

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/mail"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/portdesk/portdesk/internal/csvout"
	"github.com/portdesk/portdesk/internal/delivery"
	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/numbering"
	"github.com/portdesk/portdesk/internal/portin"
)

// CarrierInput is a carrier as the team enters it. Its API key is not among it: a staff
// admin sets it on its own (SetCarrierKey), and it is never read back.
type CarrierInput struct {
	Name       string             `json:"name"`
	Email      string             `json:"email"`
	Countries  []string           `json:"countries"`
	Categories []string           `json:"categories"`
	Kind       domain.CarrierKind `json:"kind"`
	APIURL     string             `json:"api_url"`
	WebhookKey string             `json:"webhook_key"`
	AutoSend   bool               `json:"auto_send"`
	// Where a carrier of several accounts puts the numbers (Bandwidth: required account and
	// site ids, an optional SIP peer id).
	AccountID string `json:"account_id"`
	SiteID    string `json:"site_id"`
	PeerID    string `json:"peer_id"`
}

func (in *CarrierInput) check() error {
	var v domain.Validation
	in.Name, in.Email = v.Text("name", in.Name, domain.ShortText), strings.TrimSpace(in.Email)
	if in.Name == "" && !v.Has("name") {
		v.Add("name", "required", "Give the carrier's name.")
	}
	if a, err := mail.ParseAddress(in.Email); err != nil || a.Address != in.Email {
		v.Add("email", "invalid", "Give the carrier's porting email address.")
	}
	for i, c := range in.Countries {
		in.Countries[i] = strings.ToUpper(strings.TrimSpace(c))
		if ok, suggest := numbering.CheckCountry(in.Countries[i]); !ok {
			msg := fmt.Sprintf("%q is not a country code: use two-letter ISO codes (GB, US, CA).", c)
			if suggest != "" {
				msg = fmt.Sprintf("%q is not a country code: use %s.", c, suggest)
			}
			v.Add(fmt.Sprintf("countries[%d]", i), "invalid", msg)
		}
	}
	switch in.Kind {
	case "":
		in.Kind = domain.CarrierByEmail
	case domain.CarrierByEmail, domain.CarrierTelnyx, domain.CarrierBandwidth:
	default:
		v.Add("kind", "invalid", "One of: email, telnyx, bandwidth.")
	}
	in.checkAccount(&v)
	in.APIURL, in.WebhookKey = strings.TrimSpace(in.APIURL), strings.TrimSpace(in.WebhookKey)
	if u, err := url.Parse(in.APIURL); in.APIURL != "" && (err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "") {
		v.Add("api_url", "invalid", "Give the carrier's API address, https://…, or leave it empty for its usual one.")
	}
	if in.AutoSend && !in.Kind.ByAPI() {
		v.Add("auto_send", "invalid", "Only a carrier reached by its API takes orders without the team.")
	}
	if in.Kind.ByAPI() && in.WebhookKey == "" {
		v.Add("webhook_key", "required", "Give the key the carrier signs its webhooks with (Telnyx: the public key in its portal; Bandwidth: the callbacks' user name on its subscription).")
	}
	cats := append(numbering.AgreementCategories(), string(numbering.International))
	for i, c := range in.Categories {
		if !slices.Contains(cats, c) {
			v.Add(fmt.Sprintf("categories[%d]", i), "invalid", "One of: "+strings.Join(cats, ", ")+".")
		}
	}
	return v.Err(domain.ErrInvalid, "the carrier is not valid")
}

// checkAccount checks the ids naming where a carrier of several accounts puts the numbers:
// Bandwidth's are numbers, the account and site required; other carriers have none.
func (in *CarrierInput) checkAccount(v *domain.Validation) {
	ids := []struct {
		field    string
		val      *string
		required bool
	}{{"account_id", &in.AccountID, true}, {"site_id", &in.SiteID, true}, {"peer_id", &in.PeerID, false}}
	for _, id := range ids {
		*id.val = v.Text(id.field, *id.val, domain.ShortText)
		switch {
		case v.Has(id.field):
		case in.Kind != domain.CarrierBandwidth && *id.val != "":
			v.Add(id.field, "invalid", "Only a Bandwidth carrier has an account, site or peer id: leave it empty.")
		case in.Kind != domain.CarrierBandwidth:
		case *id.val == "" && id.required:
			v.Add(id.field, "required", "Give Bandwidth's "+strings.ReplaceAll(id.field, "_", " ")+" (in its dashboard).")
		case *id.val != "" && strings.Trim(*id.val, "0123456789") != "":
			v.Add(id.field, "invalid", "Bandwidth's ids are digits only.")
		}
	}
}

// Carriers lists the carriers orders can be sent to.
func (s *Service) Carriers(ctx context.Context, a domain.Actor) (_ []domain.Carrier, err error) {
	defer desk.Wrap(&err, "list the carriers")
	if err := desk.RequireStaff(a); err != nil {
		return nil, err
	}
	return s.desk.Store.Carriers(ctx)
}

// CarriersFor splits the carriers into those that take an order of the country and every
// one of its number categories, which the desk offers first, and the others.
func (s *Service) CarriersFor(ctx context.Context, a domain.Actor, country string, categories []string) (takes, others []domain.Carrier, err error) {
	all, err := s.Carriers(ctx, a)
	if err != nil {
		return nil, nil, err
	}
	for _, c := range all {
		ok := len(c.Countries) == 0 || slices.Contains(c.Countries, country)
		for _, cat := range categories {
			ok = ok && c.Takes(country, cat)
		}
		if ok {
			takes = append(takes, c)
		} else {
			others = append(others, c)
		}
	}
	return takes, others, nil
}

// SaveCarrier adds a carrier (id 0) or changes one, with an audit entry.
func (s *Service) SaveCarrier(ctx context.Context, a domain.Actor, id int64, in CarrierInput) (c domain.Carrier, err error) {
	if id == 0 {
		defer desk.Wrap(&err, "add a carrier")
	} else {
		defer desk.Wrap(&err, "update carrier %d", id)
	}
	if err := desk.RequireStaff(a); err != nil {
		return c, err
	}
	if err := in.check(); err != nil {
		return c, err
	}
	err = s.desk.Store.InTx(ctx, func(tx domain.Tx) error {
		action := "created"
		if id == 0 {
			c = domain.Carrier{CreatedAt: s.desk.Now()}
		} else {
			var err error
			if c, err = tx.Carrier(ctx, id); err != nil {
				return err
			}
			action = "updated"
		}
		c.Name, c.Email, c.Countries, c.Categories, c.UpdatedAt = in.Name, in.Email, in.Countries, in.Categories, s.desk.Now()
		c.Kind, c.APIURL, c.WebhookKey, c.AutoSend = in.Kind, in.APIURL, in.WebhookKey, in.AutoSend
		c.AccountID, c.SiteID, c.PeerID = in.AccountID, in.SiteID, in.PeerID
		var err error
		if id == 0 {
			err = tx.CreateCarrier(ctx, &c)
		} else {
			err = tx.UpdateCarrier(ctx, &c)
		}
		if err != nil {
			return err
		}
		return s.desk.Audit(ctx, tx, a, fmt.Sprintf("carrier:%d", c.ID), action, c.Name+" <"+c.Email+"> by "+string(c.Kind))
	})
	// The only unique thing about a carrier is its name: say so beside the name.
	if de := (*domain.Error)(nil); errors.As(err, &de) && de.Code == domain.ErrConflict && len(de.Fields) == 0 {
		var v domain.Validation
		v.Add("name", "taken", "There is already a carrier called "+in.Name+".")
		err = v.Err(domain.ErrConflict, "a carrier of that name exists")
	}
	return c, err
}

// SetCarrierKey seals and stores an API carrier's key, replacing the one before: only a
// staff admin may, the key is never shown again, and the audit log says who changed it and
// when, not what it is. A Bandwidth key is its API user's "user:password".
func (s *Service) SetCarrierKey(ctx context.Context, a domain.Actor, id int64, key string) (err error) {
	defer desk.Wrap(&err, "set the API key of carrier %d", id)
	return s.setSecret(ctx, a, id, "api_key", key, "key rotated", func(c *domain.Carrier, sealed []byte, at time.Time) error {
		if _, _, ok := strings.Cut(key, ":"); c.Kind == domain.CarrierBandwidth && !ok {
			var v domain.Validation
			v.Add("api_key", "invalid", "Paste the Bandwidth API user's name and password as user:password.")
			return v.Err(domain.ErrInvalid, "the API key is not valid")
		}
		c.CredentialsSealed, c.CredentialsSetAt = sealed, &at
		return nil
	})
}

// SetCarrierWebhookSecret seals and stores the secret half of a carrier's webhook check
// (Bandwidth: the password set on its subscription's callbacks), like the key.
func (s *Service) SetCarrierWebhookSecret(ctx context.Context, a domain.Actor, id int64, secret string) (err error) {
	defer desk.Wrap(&err, "set the webhook secret of carrier %d", id)
	return s.setSecret(ctx, a, id, "webhook_secret", secret, "webhook secret rotated", func(c *domain.Carrier, sealed []byte, at time.Time) error {
		if c.Kind != domain.CarrierBandwidth {
			return &domain.Error{Code: domain.ErrInvalid, Message: "this carrier's webhooks are checked with its public key: it has no webhook secret",
				Fields: []domain.FieldError{{Field: "webhook_secret", Code: "not_secret", Message: "Only a Bandwidth carrier has a callback password."}}}
		}
		c.WebhookSecretSealed, c.WebhookSecretSetAt = sealed, &at
		return nil
	})
}

// setSecret seals one of an API carrier's secrets and has put store it on the carrier, with
// an audit entry that says what was rotated and by whom, never the secret.
func (s *Service) setSecret(ctx context.Context, a domain.Actor, id int64, field, secret, action string, put func(*domain.Carrier, []byte, time.Time) error) error {
	if err := desk.RequireStaff(a); err != nil {
		return err
	}
	if err := desk.RequireAdmin(a); err != nil {
		return err
	}
	secret = strings.TrimSpace(secret)
	if secret == "" || len(secret) > 1000 || strings.ContainsAny(secret, "\r\n") {
		var v domain.Validation
		v.Add(field, "invalid", "Paste what the carrier gave you, on one line.")
		return v.Err(domain.ErrInvalid, "the "+strings.ReplaceAll(field, "_", " ")+" is not valid")
	}
	return s.desk.Store.InTx(ctx, func(tx domain.Tx) error {
		c, err := tx.Carrier(ctx, id)
		if err != nil {
			return err
		}
		if !c.Kind.ByAPI() {
			return &domain.Error{Code: domain.ErrInvalid, Message: "orders reach this carrier by email: it has no API key",
				Fields: []domain.FieldError{{Field: field, Code: "not_api", Message: "Choose the carrier's API (telnyx, bandwidth) first."}}}
		}
		now := s.desk.Now()
		if err := put(&c, s.sealer.Seal(secret), now); err != nil {
			return err
		}
		c.UpdatedAt = now
		if err := tx.UpdateCarrier(ctx, &c); err != nil {
			return err
		}
		return s.desk.Audit(ctx, tx, a, fmt.Sprintf("carrier:%d", c.ID), action, nil)
	})
}

// DeleteCarrier removes a carrier; orders already sent keep their events.
func (s *Service) DeleteCarrier(ctx context.Context, a domain.Actor, id int64) (err error) {
	defer desk.Wrap(&err, "delete carrier %d", id)
	if err := desk.RequireStaff(a); err != nil {
		return err
	}
	return s.desk.Store.InTx(ctx, func(tx domain.Tx) error {
		if err := tx.DeleteCarrier(ctx, id); err != nil {
			return err
		}
		return s.desk.Audit(ctx, tx, a, fmt.Sprintf("carrier:%d", id), "deleted", nil)
	})
}

// SendToCarrier emails the order package to a carrier's porting desk, in a job enqueued with
// the change: a submitted request goes in progress; one in progress may be sent again.
func (s *Service) SendToCarrier(ctx context.Context, a domain.Actor, id, version, carrierID int64) (domain.PortIn, error) {
	return s.portins.Frame().Change(ctx, "send", a, id, version, func(tx domain.Tx, p *domain.PortIn) error {
		if err := desk.RequireStaff(a); err != nil {
			return err
		}
		c, err := tx.Carrier(ctx, carrierID)
		if err != nil && !domain.IsCode(err, domain.ErrNotFound) {
			return fmt.Errorf("carrier %d: %w", carrierID, err) // the store failing is not "no such carrier"
		}
		if err != nil {
			return &domain.Error{Code: domain.ErrInvalid, Message: "choose a carrier",
				Fields: []domain.FieldError{{Field: "carrier_id", Code: "invalid", Message: "Not a carrier: add it under Carriers first."}}}
		}
		// The carrier is sent only letters the customer signed as they read now.
		if err := s.portins.LettersSigned(ctx, tx, *p); err != nil {
			return err
		}
		switch p.Status {
		case domain.StatusSubmitted:
			from := p.Status
			if err := domain.CheckTransition(from, domain.StatusInProgress, a.Party(), ""); err != nil {
				return err
			}
			p.Status, p.StatusReason, p.UpdatedAt = domain.StatusInProgress, "", s.desk.Now()
			if err := tx.UpdatePortIn(ctx, p); err != nil {
				return err
			}
			if err := tx.SetPortInNumberStatus(ctx, id, domain.NumberStatusFor(domain.StatusInProgress), true); err != nil {
				return err
			}
			if err := s.portins.Frame().Record(ctx, tx, a, *p, domain.PortInEvent{Type: domain.EventStatusChanged, From: from, To: domain.StatusInProgress,
				Detail: from.Label() + " → " + domain.StatusInProgress.Label()}); err != nil {
				return err
			}
		case domain.StatusInProgress:
		default:
			return &domain.Error{Code: domain.ErrIllegalTransition, Message: "an order goes to the carrier once submitted, and again while in progress; this one is " + p.Status.Label()}
		}
		if c.Kind.ByAPI() {
			if c.CredentialsSetAt == nil {
				return &domain.Error{Code: domain.ErrInvalid, Message: "the carrier has no API key yet",
					Fields: []domain.FieldError{{Field: "carrier_id", Code: "no_key", Message: c.Name + " has no API key: an admin sets it under Carriers."}}}
			}
			// The job makes the carrier's order from ours, attaches the paperwork and submits it.
			return s.portins.Frame().RecordSending(ctx, tx, a, *p, domain.PortInEvent{Type: domain.EventSentToCarrier,
				Detail: fmt.Sprintf("Order sent to %s through its API", c.Name)}, func(e domain.PortInEvent) error {
				return tx.EnqueueJob(ctx, domain.Job{Kind: domain.JobCarrierSubmit, Args: domain.CarrierSubmitArgs{EventID: e.ID, PortInID: p.ID, CarrierID: c.ID}})
			})
		}
		// The event carries no webhook or customer email: the job sends the carrier its package.
		return s.portins.Frame().RecordSending(ctx, tx, a, *p, domain.PortInEvent{Type: domain.EventSentToCarrier,
			Detail: fmt.Sprintf("Order sent to %s <%s>", c.Name, c.Email)}, func(e domain.PortInEvent) error {
			return tx.EnqueueJob(ctx, domain.Job{Kind: domain.JobSendToCarrier, Args: domain.SendToCarrierArgs{EventID: e.ID, CarrierID: c.ID}})
		})
	})
}

// SendOrderPackage builds and sends the order package of a "sent to carrier" event: the
// letters (signed), the documents, the numbers as CSV, and a summary. Sent once: a delivery
// already made is not repeated.
func (s *Service) SendOrderPackage(ctx context.Context, args domain.SendToCarrierArgs) (err error) {
	defer desk.Wrap(&err, "send the order package of event %d to carrier %d", args.EventID, args.CarrierID)
	e, err := s.desk.Store.Event(ctx, args.EventID)
	if domain.IsCode(err, domain.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	c, err := s.desk.Store.Carrier(ctx, args.CarrierID)
	if domain.IsCode(err, domain.ErrNotFound) {
		return nil // deleted since: the team sees the event and can send to another
	}
	if err != nil {
		return err
	}
	p, err := s.desk.Store.PortIn(ctx, e.Subject.ID)
	if err != nil {
		return fmt.Errorf("%s %d: %w", portin.Kind.Name, e.Subject.ID, err)
	}
	// SendCarrierOrder names the request; building the package names what it read.
	return s.outbox.SendCarrierOrder(ctx, e.ID, p, c.Email, func() (delivery.CarrierOrder, error) { return s.orderPackage(ctx, p) })
}

// orderPackage is what a carrier's desk gets: the letters as signed and sent (frozen), the
// documents but the team's own, the numbers as CSV, and the order's facts.
func (s *Service) orderPackage(ctx context.Context, p domain.PortIn) (delivery.CarrierOrder, error) {
	var o delivery.CarrierOrder
	ns, err := s.desk.Store.PortInNumbers(ctx, p.ID)
	if err != nil {
		return o, err
	}
	pw, err := s.portins.Paperwork(ctx, desk.System(), p.ID)
	if err != nil {
		return o, err
	}
	// Changed since it was sent for (a supplemental order): not sent until signed again.
	if u := pw.Unsigned(); len(u) > 0 {
		return o, &domain.Error{Code: domain.ErrIncomplete, Message: "the letter of authorisation changed after it was signed: not sent until the customer signs it again", Fields: u}
	}
	for i, l := range pw.Letters {
		if l.Signature == nil {
			continue // signed on letterhead: the upload, among the documents, is the signed letter
		}
		var b bytes.Buffer
		if err := s.portins.WriteLetter(ctx, desk.System(), p.ID, l.Order.Key, &b); err != nil {
			return o, err
		}
		o.Attachments = append(o.Attachments, delivery.Attachment{Name: fmt.Sprintf("loa-%d-%d.pdf", p.ID, i+1), ContentType: "application/pdf", Data: b.Bytes()})
	}
	for _, d := range pw.Documents {
		if d.Kind == domain.DocOther {
			continue
		}
		rc, err := s.docs.Get(ctx, d.StorageKey)
		if err != nil {
			return o, fmt.Errorf("document %d: %w", d.ID, err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return o, fmt.Errorf("document %d: %w", d.ID, err)
		}
		o.Attachments = append(o.Attachments, delivery.Attachment{Name: string(d.Kind) + "-" + d.Name, ContentType: d.ContentType, Data: data})
	}
	// The carrier gets what it matches against its records, and nothing of ours: where calls
	// go after the port (receiving numbers) and the customer's tracking sources are not its.
	ns = carried(ns)
	var csvb bytes.Buffer
	w := csvout.NewWriter(&csvb)                                                  // the customer typed the account number: no formula reaches the carrier
	_ = w.Write([]string{"number", "account_number", "billing_telephone_number"}) // into memory: cannot fail
	for _, n := range ns {
		_ = w.Write([]string{n.Number, p.AccountNumber, p.BTN})
	}
	_ = w.Flush()
	o.Attachments = append(o.Attachments, delivery.Attachment{Name: fmt.Sprintf("numbers-%d.csv", p.ID), ContentType: "text/csv", Data: csvb.Bytes()})
	o.Lines, o.Numbers = orderSummary(p, ns), len(ns)
	if pc := pw.PAC; pc != nil { // a UK mobile order has no letter: its PAC authorises it
		o.Lines = append(o.Lines, fmt.Sprintf("PAC (UK mobiles): %s, valid until %s", pc.Code, pc.ExpiresOn.Format("Monday 2 January 2006")))
	}
	return o, nil
}

// carried are the numbers an order asks the carrier to port: not those set aside as not
// portable (they stay where they are) nor those ported already.
func carried(ns []domain.PortNumber) []domain.PortNumber {
	return slices.DeleteFunc(slices.Clone(ns), func(n domain.PortNumber) bool {
		return n.Status == domain.NumberSetAside || n.Status == domain.NumberPorted
	})
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
