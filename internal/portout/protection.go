package portout

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/portdesk/portdesk/internal/access"
	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/domain"
)

// Settings is an account's port-out protection as its users and the team see it: the
// PIN only as set or not set.
type Settings struct {
	AccountID         int64
	AccountName       string
	Country           domain.Country
	PINSet            bool
	PINSetAt          *time.Time
	RecordName        string
	RecordPostcode    string
	Locked            bool
	LockedAt          *time.Time
	AutoAuthorizeDays int
	NumberLocks       []domain.NumberLock
	// Numbers are the account's own numbers that can still leave (not released), the first
	// maxSettingsNumbers of them; MoreNumbers says there are others, which can be locked by
	// number.
	Numbers     []domain.InventoryNumber
	MoreNumbers bool
	// CanEdit: the actor is an admin of the account (or of one above it). The team sees,
	// never sets: a PIN or lock the operator's staff could change would protect nobody.
	CanEdit bool
}

// maxSettingsNumbers is how many numbers the settings list: a page, not the whole inventory.
const maxSettingsNumbers = 1000

// maxAutoAuthorizeDays bounds the setting: beyond a month a gaining provider has given up.
const maxAutoAuthorizeDays = 30

func settingsOf(acc domain.Account, p domain.PortOutProtection, locks []domain.NumberLock, a domain.Actor) Settings {
	return Settings{AccountID: acc.ID, AccountName: acc.Name, Country: acc.Country, PINSet: p.PINSet(), PINSetAt: p.PINSetAt,
		RecordName: p.RecordName, RecordPostcode: p.RecordPostcode, Locked: p.Locked, LockedAt: p.LockedAt,
		AutoAuthorizeDays: p.AutoAuthorizeDays, NumberLocks: locks, CanEdit: !a.Staff && a.Role == domain.RoleAdmin}
}

// Settings returns an account's protection to anyone who sees the account.
func (s *Service) Settings(ctx context.Context, a domain.Actor, accountID int64) (_ Settings, err error) {
	defer desk.Wrap(&err, "port-out settings of account %d", accountID)
	acc, err := s.desk.VisibleAccount(ctx, s.desk.Store, a, accountID)
	if err != nil {
		return Settings{}, err
	}
	p, err := s.desk.Store.PortOutProtection(ctx, acc.ID)
	if err != nil {
		return Settings{}, err
	}
	locks, err := s.desk.Store.AccountNumberLocks(ctx, acc.ID)
	if err != nil {
		return Settings{}, err
	}
	st := settingsOf(acc, p, locks, a)
	// The account's own numbers only: a sub-account has its own protection.
	// Released numbers have left us: nothing to protect.
	inv, err := s.desk.Store.InventoryNumbers(ctx, domain.InventoryFilter{AccountIDs: []int64{acc.ID}, Limit: maxSettingsNumbers + 1,
		Statuses: []domain.InventoryStatus{domain.InventoryActive, domain.InventoryPortingIn, domain.InventoryPortingOut}})
	if err != nil {
		return Settings{}, err
	}
	if len(inv) > maxSettingsNumbers {
		inv, st.MoreNumbers = inv[:maxSettingsNumbers], true
	}
	st.Numbers = inv
	return st, nil
}

// protect runs fn on an account's protection in one transaction, for one of its admins.
func (s *Service) protect(ctx context.Context, a domain.Actor, accountID int64, fn func(tx domain.Tx, acc domain.Account, p *domain.PortOutProtection) error) (Settings, error) {
	var out Settings
	err := s.desk.Store.InTx(ctx, func(tx domain.Tx) error {
		acc, err := s.desk.VisibleAccount(ctx, tx, a, accountID)
		if err != nil {
			return err
		}
		if a.Staff {
			return domain.Errorf(domain.ErrForbidden, "the account's admins set its port-out protection; the porting team can see it")
		}
		if err := desk.RequireAdmin(a); err != nil {
			return err
		}
		p, err := tx.PortOutProtection(ctx, acc.ID)
		if err != nil {
			return err
		}
		if err := fn(tx, acc, &p); err != nil {
			return err
		}
		p.UpdatedAt = s.desk.Now()
		if err := tx.SavePortOutProtection(ctx, &p); err != nil {
			return err
		}
		locks, err := tx.AccountNumberLocks(ctx, acc.ID)
		if err != nil {
			return err
		}
		out = settingsOf(acc, p, locks, a)
		return nil
	})
	return out, err
}

// validPIN: what carriers call a PIN or passcode, letters and digits, 4 to 20 of them.
func validPIN(pin string) bool {
	if len(pin) < 4 || len(pin) > 20 {
		return false
	}
	for _, r := range pin {
		if r > unicode.MaxASCII || !(unicode.IsLetter(r) || unicode.IsDigit(r)) {
			return false
		}
	}
	return true
}

// SetPIN sets or changes the PIN a gaining provider must quote. Only its argon2id hash
// is kept, and the audit says that it changed, never what to. A blank PIN is refused, never
// taken to mean "remove": that is RemovePIN, asked for in so many words.
func (s *Service) SetPIN(ctx context.Context, a domain.Actor, accountID int64, pin string) (_ Settings, err error) {
	defer desk.Wrap(&err, "set the port-out PIN of account %d", accountID) // never the PIN itself
	pin = strings.TrimSpace(pin)
	if !validPIN(pin) {
		return Settings{}, &domain.Error{Code: domain.ErrInvalid, Message: "the PIN is not valid",
			Fields: []domain.FieldError{{Field: "pin", Code: "invalid", Message: "Use 4 to 20 letters or digits."}}}
	}
	return s.protect(ctx, a, accountID, func(tx domain.Tx, acc domain.Account, p *domain.PortOutProtection) error {
		now := s.desk.Now()
		p.PINHash, p.PINSetAt = access.HashPassword(pin), &now
		return s.desk.Audit(ctx, tx, a, fmt.Sprintf("account:%d", acc.ID), "port_out_pin_set", map[string]bool{"pin_set": true})
	})
}

// RemovePIN removes the account's port-out PIN: gaining providers need none after it.
func (s *Service) RemovePIN(ctx context.Context, a domain.Actor, accountID int64) (_ Settings, err error) {
	defer desk.Wrap(&err, "remove the port-out PIN of account %d", accountID)
	return s.protect(ctx, a, accountID, func(tx domain.Tx, acc domain.Account, p *domain.PortOutProtection) error {
		p.PINHash, p.PINSetAt = "", nil
		return s.desk.Audit(ctx, tx, a, fmt.Sprintf("account:%d", acc.ID), "port_out_pin_removed", map[string]bool{"pin_set": false})
	})
}

// SettingsChanges are the settings an admin changes; nil leaves one as it is.
type SettingsChanges struct {
	RecordName        *string `json:"record_name,omitempty"`
	RecordPostcode    *string `json:"record_postcode,omitempty"`
	Locked            *bool   `json:"locked,omitempty"`
	AutoAuthorizeDays *int    `json:"auto_authorize_days,omitempty"`
}

// UpdateSettings changes the records, the account lock or auto-authorization. Locking
// stops every open port-out of the account at once: that is what the notice email asks an
// admin who did not ask for a port-out to do.
func (s *Service) UpdateSettings(ctx context.Context, a domain.Actor, accountID int64, c SettingsChanges) (_ Settings, err error) {
	defer desk.Wrap(&err, "update the port-out settings of account %d", accountID)
	var v domain.Validation
	if c.RecordName != nil {
		*c.RecordName = v.Text("record_name", *c.RecordName, domain.ShortText)
	}
	if c.RecordPostcode != nil {
		*c.RecordPostcode = v.Text("record_postcode", *c.RecordPostcode, domain.TextRule{Max: 20})
	}
	if c.AutoAuthorizeDays != nil && (*c.AutoAuthorizeDays < 0 || *c.AutoAuthorizeDays > maxAutoAuthorizeDays) {
		v.Add("auto_authorize_days", "invalid", fmt.Sprintf("Give 0 (off) to %d business days.", maxAutoAuthorizeDays))
	}
	if err := v.Err(domain.ErrInvalid, "the port-out settings are not valid"); err != nil {
		return Settings{}, err
	}
	return s.protect(ctx, a, accountID, func(tx domain.Tx, acc domain.Account, p *domain.PortOutProtection) error {
		before := *p
		if c.RecordName != nil {
			p.RecordName = *c.RecordName
		}
		if c.RecordPostcode != nil {
			p.RecordPostcode = *c.RecordPostcode
		}
		if c.AutoAuthorizeDays != nil && *c.AutoAuthorizeDays != p.AutoAuthorizeDays {
			p.AutoAuthorizeDays = *c.AutoAuthorizeDays
			if err := s.retimeAutoAuthorization(ctx, tx, acc, p.AutoAuthorizeDays); err != nil {
				return err
			}
		}
		if c.Locked != nil && *c.Locked != p.Locked {
			p.Locked, p.LockedAt = *c.Locked, nil
			if p.Locked {
				now := s.desk.Now()
				p.LockedAt = &now
				if err := s.stopForLock(ctx, tx, a, acc.ID, nil); err != nil {
					return err
				}
			}
		}
		if *p == before {
			return nil
		}
		return s.desk.Audit(ctx, tx, a, fmt.Sprintf("account:%d", acc.ID), "port_out_settings_updated", map[string]any{
			"record_name": p.RecordName, "record_postcode": p.RecordPostcode, "locked": p.Locked, "auto_authorize_days": p.AutoAuthorizeDays})
	})
}

// SetNumberLock locks or unlocks one number of the account's inventory against port-outs. A
// lock stops the open port-outs that name the number.
func (s *Service) SetNumberLock(ctx context.Context, a domain.Actor, accountID int64, number string, locked bool) (_ Settings, err error) {
	verb := "unlock"
	if locked {
		verb = "lock"
	}
	defer desk.Wrap(&err, "%s a number of account %d", verb, accountID) // not the number: IDs only
	return s.protect(ctx, a, accountID, func(tx domain.Tx, acc domain.Account, _ *domain.PortOutProtection) error {
		n, err := s.desk.Numbers.Parse(number, acc.Country)
		if err != nil {
			return &domain.Error{Code: domain.ErrInvalid, Message: "not a phone number",
				Fields: []domain.FieldError{{Field: "number", Code: "invalid_number", Message: domain.MessageOf(err)}}}
		}
		inv, err := tx.InventoryByNumbers(ctx, []string{n.E164})
		if err != nil {
			return err
		}
		if e, ok := inv[n.E164]; !ok || e.AccountID != acc.ID || e.Status == domain.InventoryReleased {
			return desk.NotFound("number")
		}
		subject := fmt.Sprintf("account:%d", acc.ID)
		if !locked {
			if err := tx.UnlockNumber(ctx, n.E164); err != nil {
				return err
			}
			return s.desk.Audit(ctx, tx, a, subject, "port_out_number_unlocked", map[string]string{"number": n.E164})
		}
		if err := tx.LockNumber(ctx, &domain.NumberLock{Number: n.E164, AccountID: acc.ID, LockedBy: a.UserID, ActorName: desk.ActorName(a), LockedAt: s.desk.Now()}); err != nil {
			return err
		}
		if err := s.stopForLock(ctx, tx, a, acc.ID, []string{n.E164}); err != nil {
			return err
		}
		return s.desk.Audit(ctx, tx, a, subject, "port_out_number_locked", map[string]string{"number": n.E164})
	})
}

// NumberLocks lists the locked numbers of an account the actor sees.
func (s *Service) NumberLocks(ctx context.Context, a domain.Actor, accountID int64) (_ []domain.NumberLock, err error) {
	defer desk.Wrap(&err, "number locks of account %d", accountID)
	if _, err := s.desk.VisibleAccount(ctx, s.desk.Store, a, accountID); err != nil {
		return nil, err
	}
	return s.desk.Store.AccountNumberLocks(ctx, accountID)
}

// stopForLock rejects, with the lock code, the account's open port-outs that name one of
// numbers (all of them when numbers is nil). The desk takes the move for the admin who locked:
// answering a gaining provider is the team's move, and the admin has said no.
func (s *Service) stopForLock(ctx context.Context, tx domain.Tx, a domain.Actor, accountID int64, numbers []string) error {
	open, err := tx.ListPortOuts(ctx, domain.PortOutFilter{AccountIDs: []int64{accountID}, Statuses: []domain.PortOutStatus{domain.PortOutPending, domain.PortOutAuthorized}, Limit: 10_000})
	if err != nil {
		return err
	}
	for _, sum := range open {
		p := sum.PortOut
		hit := numbers == nil
		for _, n := range p.Numbers {
			for _, x := range numbers {
				hit = hit || n.Number == x
			}
		}
		if !hit {
			continue
		}
		note := "The account holder locked these numbers against porting out."
		p.Rejections = []domain.Rejection{{Code: domain.RejectPortLock}}
		if err := s.move(ctx, tx, desk.System(), &p, domain.PortOutRejected, rejectionReason(p.Rejections, ""),
			note+" Locked by "+desk.ActorName(a)+"."); err != nil {
			return fmt.Errorf("reject port-out %d for the lock: %w", p.ID, err)
		}
	}
	return nil
}
