package api

import (
	"bytes"
	"fmt"
	"net/http"
	"time"

	"github.com/portdesk/portdesk/internal/billing"
	"github.com/portdesk/portdesk/internal/domain"
)

// The fees ledger: an account's monthly statement as JSON or CSV, and the team's manual
// adjustments and reversals.

type ledgerEntryJSON struct {
	ID            int64             `json:"id"`
	AccountID     int64             `json:"account_id"`
	Kind          domain.LedgerKind `json:"kind"`
	Amount        domain.Money      `json:"amount"`         // minor units, signed: a credit is negative
	AmountDisplay string            `json:"amount_display"` // major units with the currency: "GBP 15.00"
	Description   string            `json:"description"`
	PortInID      *int64            `json:"port_in_id"`
	PortOutID     *int64            `json:"port_out_id"`
	Reference     string            `json:"reference"`
	ReversesID    *int64            `json:"reverses_id"`
	ReversedBy    *int64            `json:"reversed_by"`
	ActorName     string            `json:"actor_name"`
	CreatedAt     time.Time         `json:"created_at"`
}

type totalJSON struct {
	Amount   int64  `json:"amount"`
	Currency string `json:"currency"`
	Display  string `json:"display"`
}

type statementAccountJSON struct {
	ID     int64       `json:"id"`
	Name   string      `json:"name"`
	Totals []totalJSON `json:"totals"`
}

type statementJSON struct {
	AccountID int64                  `json:"account_id"`
	Month     string                 `json:"month"`
	TimeZone  string                 `json:"time_zone"`
	From      time.Time              `json:"from"`
	To        time.Time              `json:"to"`
	Accounts  []statementAccountJSON `json:"accounts"`
	Entries   []ledgerEntryJSON      `json:"entries"`
	Totals    []totalJSON            `json:"totals"`
}

func idOrNull(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

func ledgerEntryView(e domain.LedgerEntry, reference string, reversedBy int64) ledgerEntryJSON {
	return ledgerEntryJSON{ID: e.ID, AccountID: e.AccountID, Kind: e.Kind, Amount: e.Amount, AmountDisplay: domain.FormatMoney(e.Amount),
		Description: e.Description, PortInID: idOrNull(e.PortInID), PortOutID: idOrNull(e.PortOutID), Reference: reference,
		ReversesID: idOrNull(e.ReversesID), ReversedBy: idOrNull(reversedBy), ActorName: e.ActorName, CreatedAt: e.CreatedAt}
}

func totalsView(ms []domain.Money) []totalJSON {
	out := make([]totalJSON, len(ms))
	for i, m := range ms {
		out[i] = totalJSON{Amount: m.Amount, Currency: m.Currency, Display: domain.FormatMoney(m)}
	}
	return out
}

func statementView(st billing.Statement) statementJSON {
	v := statementJSON{AccountID: st.Account.ID, Month: st.Month, TimeZone: st.Zone.String(), From: st.From.UTC(), To: st.To.UTC(),
		Accounts: []statementAccountJSON{}, Entries: []ledgerEntryJSON{}, Totals: totalsView(st.Totals)}
	for _, sec := range st.Sections {
		v.Accounts = append(v.Accounts, statementAccountJSON{ID: sec.Account.ID, Name: sec.Account.Name, Totals: totalsView(sec.Totals)})
		for _, e := range sec.Entries {
			v.Entries = append(v.Entries, ledgerEntryView(e.LedgerEntry, e.Reference, e.ReversedBy))
		}
	}
	return v
}

// getLedger is an account's statement for ?month=YYYY-MM (default: this month).
func (x *api) getLedger(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	st, err := x.app.Billing.Statement(r.Context(), a, id, r.URL.Query().Get("month"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, statementView(st))
	return nil
}

// statementCSV is the same statement as a CSV download.
func (x *api) statementCSV(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	st, err := x.app.Billing.Statement(r.Context(), a, id, r.URL.Query().Get("month"))
	if err != nil {
		return err
	}
	var buf bytes.Buffer // whole, so that a failure is a problem, not half a file
	if err := billing.WriteStatementCSV(&buf, st); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="statement-%d-%s.csv"`, st.Account.ID, st.Month))
	w.Header().Set("Cache-Control", "no-store")
	_, _ = buf.WriteTo(w)
	return nil
}

// adjustLedger adds the team's manual charge or credit to an account.
func (x *api) adjustLedger(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var b billing.Adjustment
	if err := x.decode(w, r, &b); err != nil {
		return err
	}
	e, err := x.app.Billing.AdjustLedger(r.Context(), a, id, b)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, ledgerEntryView(e, "", 0))
	return nil
}

type reversalBody struct {
	Reason string `json:"reason"`
}

// reverseLedgerEntry undoes an entry by a new one of the opposite amount, once.
func (x *api) reverseLedgerEntry(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var b reversalBody
	if err := x.decode(w, r, &b); err != nil {
		return err
	}
	e, err := x.app.Billing.ReverseLedgerEntry(r.Context(), a, id, b.Reason)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, ledgerEntryView(e, billing.LedgerReference(e), 0))
	return nil
}
