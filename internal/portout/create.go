package portout

import (
	"context"
	"encoding/hex"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/documents"
	"github.com/portdesk/portdesk/internal/domain"
)

// Input is a port-out as the gaining provider asked for it, entered by the team, or
// as a customer's admin announces it ("here is the request I gave my new provider").
type Input struct {
	AccountID        int64    `json:"account_id"` // a customer's own account by default
	GainingProvider  string   `json:"gaining_provider"`
	GainingReference string   `json:"gaining_reference"`
	GainingEmail     string   `json:"gaining_email"` // where the answer is emailed, if anywhere
	EndUserName      string   `json:"end_user_name"`
	Postcode         string   `json:"postcode"`
	PIN              string   `json:"pin"`          // checked, never stored
	DesiredDate      string   `json:"desired_date"` // YYYY-MM-DD
	Numbers          []string `json:"numbers"`
}

// Upload is a file sent with a form: its name as sent and its bytes.
type Upload struct {
	Name string
	Body io.Reader
}

// maxPortOutNumbers: a port-out is one end user's numbers.
const maxPortOutNumbers = 1000

// Create records a port-out, checks it against the account and tells the account's
// admins at once, whoever created it. A locked number's port-out is rejected at once with the
// lock code; other failed checks leave it pending for the team, codes ready to send back.
func (s *Service) Create(ctx context.Context, a domain.Actor, in Input, doc *Upload) (p domain.PortOut, err error) {
	defer func() { desk.Wrap(&err, "create a port-out of account %d", in.AccountID) }()
	origin := domain.PortOutFromGainingProvider
	if !a.Staff {
		if err := desk.RequireAdmin(a); err != nil {
			return p, domain.Errorf(domain.ErrForbidden, "only an admin of the account can announce a port-out")
		}
		origin = domain.PortOutAnnounced
		if in.AccountID == 0 {
			in.AccountID = a.AccountID
		}
	}
	var v domain.Validation
	if in.AccountID <= 0 {
		v.Add("account_id", "required", "Choose the account the numbers are leaving.")
	}
	// text reads a field by the desk's one text rule; required says what to put there.
	text := func(field string, val *string, max int, required string) {
		*val = v.Text(field, *val, domain.TextRule{Max: max})
		if required != "" && *val == "" && !v.Has(field) {
			v.Add(field, "required", required)
		}
	}
	text("gaining_provider", &in.GainingProvider, domain.ShortText.Max, "Name the provider the numbers are moving to.")
	text("gaining_reference", &in.GainingReference, 100, "")
	text("gaining_email", &in.GainingEmail, 254, "")
	if in.GainingEmail != "" && !domain.ValidEmail(in.GainingEmail) {
		v.Add("gaining_email", "invalid", "Give the gaining provider's porting address, like porting@example.com.")
	}
	text("end_user_name", &in.EndUserName, domain.ShortText.Max, "")
	text("postcode", &in.Postcode, 20, "")
	text("pin", &in.PIN, 64, "")
	var desired *time.Time
	if d := strings.TrimSpace(in.DesiredDate); d != "" {
		t, err := time.Parse(time.DateOnly, d)
		if err != nil {
			v.Add("desired_date", "invalid", "Give the date as YYYY-MM-DD.")
		} else {
			desired = &t
		}
	}
	if len(in.Numbers) == 0 {
		v.Add("numbers", "required", "List the numbers the gaining provider asks for.")
	}
	if len(in.Numbers) > maxPortOutNumbers {
		v.Add("numbers", "too_many", fmt.Sprintf("At most %d numbers on one port-out.", maxPortOutNumbers))
	}
	if err := v.Err(domain.ErrInvalid, "the port-out is not valid"); err != nil {
		return p, err
	}
	var stored *domain.PortOutDocument
	if doc != nil {
		// Only into an account the actor sees, and only for numbers that can be read, before
		// its bytes are kept: a refused port-out leaves no document behind.
		acc, err := s.account(ctx, s.desk.Store, a, in.AccountID)
		if err != nil {
			return p, err
		}
		if _, err := s.readNumbers(in.Numbers, acc.Country); err != nil {
			return p, err
		}
		d, err := s.storeDocument(ctx, a, in.AccountID, *doc)
		if err != nil {
			return p, err
		}
		stored = &d
	}
	err = s.desk.Store.InTx(ctx, func(tx domain.Tx) error {
		acc, err := s.account(ctx, tx, a, in.AccountID)
		if err != nil {
			return err
		}
		numbers, err := s.readNumbers(in.Numbers, acc.Country)
		if err != nil {
			return err
		}
		now := s.desk.Now()
		p = domain.PortOut{AccountID: acc.ID, Status: domain.PortOutPending, Origin: origin, GainingProvider: in.GainingProvider,
			GainingReference: in.GainingReference, GainingEmail: in.GainingEmail, EndUserName: in.EndUserName, Postcode: in.Postcode, DesiredDate: desired,
			Numbers: numbers, CreatedBy: a.UserID, CreatedAt: now, UpdatedAt: now}
		facts, err := s.facts(ctx, tx, acc, p.NumberList())
		if err != nil {
			return err
		}
		runChecks(&p, facts, in.PIN)
		in.PIN = "" // checked: it goes no further
		if lockFailed(p) {
			// Locked: refused at once, and nothing in the inventory moves.
			p.Status = domain.PortOutRejected
			p.Rejections = []domain.Rejection{{Code: domain.RejectPortLock}}
			p.StatusReason = rejectionReason(p.Rejections, "")
			for i := range p.Numbers {
				p.Numbers[i].Held, p.Numbers[i].Status = false, domain.PortOutNumberRejected
			}
		} else if days := facts.protection.AutoAuthorizeDays; days > 0 && p.MayAutoAuthorize() {
			due := autoAuthorizeDue(acc.Country, now, days)
			p.AutoAuthorizeAt = &due
		}
		if err := tx.CreatePortOut(ctx, &p); err != nil {
			if domain.IsCode(err, domain.ErrConflict) {
				return domain.Errorf(domain.ErrConflict, "a number was just put on another port-out: reload and try again")
			}
			return err
		}
		if p.Status == domain.PortOutPending {
			var held []string
			for _, n := range p.Numbers {
				if n.Held {
					held = append(held, n.Number)
				}
			}
			if _, err := tx.SetInventoryStatus(ctx, acc.ID, held, domain.InventoryActive, domain.InventoryPortingOut, now); err != nil {
				return err
			}
		}
		if p.AutoAuthorizeAt != nil {
			if err := enqueueAutoAuthorization(ctx, tx, p); err != nil {
				return err
			}
		}
		if stored != nil {
			stored.PortOutID = p.ID
			if err := tx.AddPortOutDocument(ctx, stored); err != nil {
				return err
			}
		}
		return s.frame.Record(ctx, tx, a, p, domain.PortOutEvent{Type: domain.EventPortOutCreated, To: p.Status,
			Reason: p.StatusReason, Detail: createdDetail(p, stored)})
	})
	return p, err
}

// account is the account a port-out is for, if the actor sees it; to the team an
// unknown account is a field error.
func (s *Service) account(ctx context.Context, q domain.Queries, a domain.Actor, id int64) (domain.Account, error) {
	acc, err := s.desk.VisibleAccount(ctx, q, a, id)
	if a.Staff && domain.IsCode(err, domain.ErrNotFound) {
		return acc, &domain.Error{Code: domain.ErrInvalid, Message: "unknown account",
			Fields: []domain.FieldError{{Field: "account_id", Code: "not_found", Message: "No such account."}}}
	}
	return acc, err
}

// readNumbers reads a port-out's numbers as numbers of the account's country, once each;
// any that cannot be read is a field error.
func (s *Service) readNumbers(raw []string, country domain.Country) ([]domain.PortOutNumber, error) {
	var v domain.Validation
	seen := map[string]bool{}
	var numbers []domain.PortOutNumber
	for i, r := range raw {
		n, err := s.desk.Numbers.Parse(r, country)
		if err != nil {
			v.Add(fmt.Sprintf("numbers[%d]", i), "invalid_number", domain.MessageOf(err))
			continue
		}
		if seen[n.E164] {
			continue
		}
		seen[n.E164] = true
		numbers = append(numbers, domain.PortOutNumber{Number: n.E164, Country: n.Country, Status: domain.PortOutNumberPending})
	}
	return numbers, v.Err(domain.ErrInvalid, "some numbers cannot be read")
}

// createdDetail sums up a new port-out for the timeline.
func createdDetail(p domain.PortOut, doc *domain.PortOutDocument) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Port-out of %s to %s", domain.Plural(len(p.Numbers), "number"), p.GainingProvider)
	if p.Origin == domain.PortOutAnnounced {
		b.WriteString(", announced by the account")
	} else {
		b.WriteString(", from the gaining provider's request")
	}
	if doc != nil {
		fmt.Fprintf(&b, " (%s)", doc.Name)
	}
	if codes := p.FailedCodes(); len(codes) > 0 {
		parts := make([]string, len(codes))
		for i, c := range codes {
			parts[i] = string(c)
		}
		fmt.Fprintf(&b, "; failed checks: %s", strings.Join(parts, ", "))
	} else {
		b.WriteString("; every check passed")
	}
	if p.Status == domain.PortOutRejected {
		b.WriteString("; rejected at once: locked against port-outs")
	}
	return b.String()
}

// storeDocument checks an upload as port-in documents are checked and keeps its bytes
// before any row names them.
func (s *Service) storeDocument(ctx context.Context, a domain.Actor, accountID int64, up Upload) (domain.PortOutDocument, error) {
	var d domain.PortOutDocument
	in, data, err := documents.Inspect(up.Name, up.Body, documents.Limits{MaxBytes: s.desk.Limits.MaxDocumentBytes, MaxInflated: s.desk.Limits.MaxPDFInflatedBytes})
	if err != nil {
		return d, err
	}
	st := s.docs
	// By account and content: the port-out's ID is not known until its row is written.
	key := fmt.Sprintf("port-outs/account-%d/%x", accountID, in.SHA256)
	if err := st.Put(ctx, key, data, in.ContentType); err != nil {
		return d, fmt.Errorf("store the document's bytes: %w", err)
	}
	return domain.PortOutDocument{Name: in.Name, ContentType: in.ContentType, Size: in.Size, SHA256: hex.EncodeToString(in.SHA256[:]),
		Pages: in.Pages, StorageKey: key, UploadedBy: a.UserID, UploaderName: desk.ActorName(a), UploadedAt: s.desk.Now()}, nil
}
