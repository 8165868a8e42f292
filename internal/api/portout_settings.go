package api

import (
	"net/http"
	"strings"
	"time"

	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/portout"
)

type numberLockJSON struct {
	Number    string    `json:"number"`
	LockedBy  string    `json:"locked_by"`
	LockedAt  time.Time `json:"locked_at"`
	AccountID int64     `json:"account_id"`
}

// portOutSettingsJSON shows the PIN only as set or not set.
type portOutSettingsJSON struct {
	AccountID         int64            `json:"account_id"`
	PINSet            bool             `json:"pin_set"`
	PINSetAt          *time.Time       `json:"pin_set_at"`
	RecordName        string           `json:"record_name"`
	RecordPostcode    string           `json:"record_postcode"`
	Locked            bool             `json:"locked"`
	LockedAt          *time.Time       `json:"locked_at"`
	AutoAuthorizeDays int              `json:"auto_authorize_days"`
	NumberLocks       []numberLockJSON `json:"number_locks"`
}

func (x *api) writePortOutSettings(w http.ResponseWriter, st portout.Settings) {
	out := portOutSettingsJSON{AccountID: st.AccountID, PINSet: st.PINSet, PINSetAt: st.PINSetAt, RecordName: st.RecordName,
		RecordPostcode: st.RecordPostcode, Locked: st.Locked, LockedAt: st.LockedAt, AutoAuthorizeDays: st.AutoAuthorizeDays,
		NumberLocks: []numberLockJSON{}}
	for _, l := range st.NumberLocks {
		out.NumberLocks = append(out.NumberLocks, numberLockJSON{Number: l.Number, LockedBy: l.ActorName, LockedAt: l.LockedAt, AccountID: l.AccountID})
	}
	writeJSON(w, http.StatusOK, out)
}

func (x *api) getPortOutSettings(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	st, err := x.app.PortOuts.Settings(r.Context(), a, id)
	if err != nil {
		return err
	}
	x.writePortOutSettings(w, st)
	return nil
}

func (x *api) patchPortOutSettings(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var c portout.SettingsChanges
	if err := x.decode(w, r, &c); err != nil {
		return err
	}
	st, err := x.app.PortOuts.UpdateSettings(r.Context(), a, id, c)
	if err != nil {
		return err
	}
	x.writePortOutSettings(w, st)
	return nil
}

type pinBody struct {
	PIN string `json:"pin"`
}

func (x *api) putPortOutPIN(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var b pinBody
	if err := x.decode(w, r, &b); err != nil {
		return err
	}
	// Blank is refused here, spaces too: the desk trims, and to it an empty PIN means
	// "remove", which only DELETE asks for.
	if strings.TrimSpace(b.PIN) == "" {
		return &domain.Error{Code: domain.ErrInvalid, Message: "give the PIN",
			Fields: []domain.FieldError{{Field: "pin", Code: "required", Message: "Give the new PIN; DELETE removes it."}}}
	}
	st, err := x.app.PortOuts.SetPIN(r.Context(), a, id, b.PIN)
	if err != nil {
		return err
	}
	x.writePortOutSettings(w, st)
	return nil
}

func (x *api) deletePortOutPIN(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	st, err := x.app.PortOuts.RemovePIN(r.Context(), a, id)
	if err != nil {
		return err
	}
	x.writePortOutSettings(w, st)
	return nil
}

func (x *api) lockNumber(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	return x.setNumberLock(w, r, a, true)
}

func (x *api) unlockNumber(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	return x.setNumberLock(w, r, a, false)
}

func (x *api) setNumberLock(w http.ResponseWriter, r *http.Request, a domain.Actor, locked bool) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	st, err := x.app.PortOuts.SetNumberLock(r.Context(), a, id, r.PathValue("number"), locked)
	if err != nil {
		return err
	}
	x.writePortOutSettings(w, st)
	return nil
}
