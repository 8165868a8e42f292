package team

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/domain"
)

// InventoryInput adds a number the operator already serves for an account.
type InventoryInput struct {
	AccountID       int64                  `json:"account_id"`
	Number          string                 `json:"number"`
	Status          domain.InventoryStatus `json:"status"`
	ReceivingNumber string                 `json:"receiving_number"`
	TrackingSource  string                 `json:"tracking_source"`
	SMS             domain.SMSStatus       `json:"sms"`
}

// AddInventoryNumber records a number in an account's inventory (porting team only); not a
// number on an open port-in, which its completion puts in the request's account.
func (s *Service) AddInventoryNumber(ctx context.Context, a domain.Actor, in InventoryInput) (n domain.InventoryNumber, err error) {
	defer desk.Wrap(&err, "add a number to the inventory of account %d", in.AccountID)
	if err := desk.RequireStaff(a); err != nil {
		return domain.InventoryNumber{}, err
	}
	err = s.desk.Store.InTx(ctx, func(tx domain.Tx) error {
		acc, err := s.desk.VisibleAccount(ctx, tx, a, in.AccountID)
		if err != nil && !domain.IsCode(err, domain.ErrNotFound) {
			return err // the store failing is not "unknown account"
		}
		if err != nil {
			return &domain.Error{Code: domain.ErrInvalid, Message: "unknown account",
				Fields: []domain.FieldError{{Field: "account_id", Code: "not_found", Message: "No such account."}}}
		}
		var v domain.Validation
		num, err := s.desk.Numbers.Parse(in.Number, acc.Country)
		if err != nil {
			v.Add("number", "invalid_number", domain.MessageOf(err))
		}
		recv := ""
		if strings.TrimSpace(in.ReceivingNumber) != "" {
			r, err := s.desk.Numbers.Parse(in.ReceivingNumber, acc.Country)
			if err != nil {
				v.Add("receiving_number", "invalid_number", domain.MessageOf(err))
			}
			recv = r.E164
		}
		in.TrackingSource = v.Text("tracking_source", in.TrackingSource, domain.TextRule{Max: 100})
		if in.Status == "" {
			in.Status = domain.InventoryActive
		}
		if !slices.Contains(domain.InventoryStatuses, in.Status) {
			v.Add("status", "invalid", "Choose active, porting_in, porting_out or released.")
		}
		switch in.SMS {
		case "":
			in.SMS = domain.SMSActive
		case domain.SMSActive, domain.SMSPending, domain.SMSUnsupported:
		default:
			v.Add("sms", "invalid", "Choose active, pending or unsupported.")
		}
		if err := v.Err(domain.ErrInvalid, "the number is not valid"); err != nil {
			return err
		}
		// A number on an open port-in goes into its account's inventory when the port
		// completes; recording it now, in any account, would serve it before it has moved,
		// or move it between (sub-)accounts during the port.
		held, err := tx.OpenPortsHolding(ctx, []string{num.E164})
		if err != nil {
			return err
		}
		if id, ok := held[num.E164]; ok {
			return &domain.Error{Code: domain.ErrConflict, Message: fmt.Sprintf("%s is on open port-in request %d", num.E164, id),
				Fields: []domain.FieldError{{Field: "number", Code: "open_port", Message: fmt.Sprintf(
					"This number is on open port-in request %d: it goes into that request's account when the port completes, and cannot be added or moved before.", id)}}}
		}
		now := s.desk.Now()
		n = domain.InventoryNumber{AccountID: acc.ID, Number: num.E164, Status: in.Status, ReceivingNumber: recv,
			TrackingSource: in.TrackingSource, SMS: in.SMS, CreatedAt: now, UpdatedAt: now}
		err = tx.CreateInventoryNumber(ctx, &n)
		if domain.IsCode(err, domain.ErrConflict) {
			return &domain.Error{Code: domain.ErrConflict, Message: "that number is already in the inventory",
				Fields: []domain.FieldError{{Field: "number", Code: "taken", Message: "This number is already in the inventory."}}}
		}
		return err
	})
	return n, err
}

// InventoryNumbers lists the inventory of the accounts the actor sees.
func (s *Service) InventoryNumbers(ctx context.Context, a domain.Actor, accountID, afterID int64, limit int, statuses []domain.InventoryStatus, typed string) (_ []domain.InventoryNumber, err error) {
	if accountID != 0 {
		defer desk.Wrap(&err, "inventory of account %d", accountID)
	} else {
		defer desk.Wrap(&err, "inventory")
	}
	// The Numbers page's filters: statuses, and a number typed in any format (the one reader
	// of a searched number, desk.SearchNumber).
	var v domain.Validation
	for _, st := range statuses {
		if !st.Valid() {
			v.Add("status", "invalid", "Choose active, porting_in, porting_out or released.")
			break
		}
	}
	number := s.desk.SearchNumber(ctx, &v, a, "q", v.Text("q", typed, domain.ShortText))
	if err := v.Err(domain.ErrInvalid, "the filter is not valid"); err != nil {
		return nil, err
	}
	sc, err := s.desk.ScopeOf(ctx, s.desk.Store, a)
	if err != nil {
		return nil, err
	}
	ids := []int64(sc)
	if accountID != 0 {
		if !sc.Sees(accountID) {
			return nil, desk.NotFound("account")
		}
		if ids, err = s.desk.Store.AccountSubtree(ctx, accountID); err != nil {
			return nil, err
		}
	}
	if limit <= 0 || limit > 1000 {
		limit = 1000
	}
	return s.desk.Store.InventoryNumbers(ctx, domain.InventoryFilter{AccountIDs: ids, AfterID: afterID, Limit: limit, Statuses: statuses, Number: number})
}

// InventoryQuery selects a page of the inventory: by status, and by a number typed in any
// format or some of its digits (the number or the one it rings on).
type InventoryQuery struct {
	desk.ListQuery[domain.InventoryStatus]
	Number string
}

// Inventory lists a page of the inventory of the accounts the actor sees, oldest entry first,
// each with the request it came from.
func (s *Service) Inventory(ctx context.Context, a domain.Actor, q InventoryQuery) (_ desk.Page[domain.InventoryNumber], err error) {
	defer desk.Wrap(&err, "inventory")
	var number string
	check := func(v *domain.Validation) {
		number = s.desk.SearchNumber(ctx, v, a, "q", v.Text("q", q.Number, domain.ShortText))
	}
	read := func(sl desk.Slice) ([]domain.InventoryNumber, error) {
		return s.desk.Store.InventoryNumbers(ctx, domain.InventoryFilter{AccountIDs: sl.AccountIDs, Statuses: q.Statuses, Number: number, AfterID: sl.After, Limit: sl.Limit})
	}
	return desk.List(ctx, s.desk, a, q.ListQuery, check, read, func(n domain.InventoryNumber) int64 { return n.ID })
}
