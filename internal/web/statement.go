package web

import (
	"bytes"
	"errors"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/portdesk/portdesk/internal/billing"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/httpx"
)

// The Statement page: an account's fees ledger by month for its admins (with its
// sub-accounts), and for the porting team any account's, with manual adjustments and
// reversals.

func init() {
	// The statement's own helpers, kept with the page rather than in the shared table.
	funcs["ledgerAmount"] = domain.FormatMoney
	funcs["ledgerKind"] = ledgerKindLabel
	funcs["dayIn"] = func(t time.Time, zone *time.Location) string { return t.In(zone).Format("2 Jan 2006") }
}

func ledgerKindLabel(k domain.LedgerKind) string {
	switch k {
	case domain.LedgerCarrierFee:
		return "Carrier fee"
	case domain.LedgerAdminCharge:
		return "Admin charge"
	case domain.LedgerPortOutFee:
		return "Port-out fee"
	case domain.LedgerAdjustment:
		return "Adjustment"
	case domain.LedgerReversal:
		return "Reversal"
	}
	return string(k)
}

type statementPage struct {
	Statement  *billing.Statement // nil until an account is chosen (staff), or when the month is bad
	Accounts   []domain.Account
	AccountID  int64
	Month      string // as typed
	MonthError string
	Prev, Next string // neighbouring months
	CSVURL     string
	Staff      bool
	Adjust     adjustForm
	// Reverse is the entry whose reversal was refused, with what was typed and why.
	Reverse struct {
		ID            int64
		Reason, Error string
	}
}

type adjustForm struct {
	Amount, Currency, Reason string
	Errors                   map[string]string
}

// statementQuery is the page's account and month, from the query or a form.
func statementQuery(r *http.Request, s *session) (int64, string) {
	id, err := strconv.ParseInt(r.FormValue("account"), 10, 64)
	if err != nil || id <= 0 {
		id = 0
		if !s.actor.Staff {
			id = s.actor.AccountID
		}
	}
	return id, strings.TrimSpace(r.FormValue("month"))
}

func statementURL(id int64, month string) string {
	q := url.Values{"account": {strconv.FormatInt(id, 10)}}
	if month != "" {
		q.Set("month", month)
	}
	return "/statement?" + q.Encode()
}

func (u *ui) statement(w http.ResponseWriter, r *http.Request, s *session) {
	id, month := statementQuery(r, s)
	u.renderStatement(w, r, s, http.StatusOK, id, month, func(*statementPage) {})
}

// renderStatement shows an account's month; with lets a refused form put its values and
// errors back on the page.
func (u *ui) renderStatement(w http.ResponseWriter, r *http.Request, s *session, status int, id int64, month string, with func(*statementPage)) {
	page := &statementPage{AccountID: id, Month: month, Staff: s.actor.Staff, Adjust: adjustForm{Currency: "GBP"}}
	if id != 0 {
		st, err := u.app.Billing.Statement(r.Context(), s.actor, id, month)
		if errs, ok := fieldErrors(err); ok && errs["month"] != "" {
			page.MonthError, status = errs["month"], http.StatusUnprocessableEntity
		} else if err != nil {
			u.fail(w, r, s, err)
			return
		} else {
			page.Statement, page.Month = &st, st.Month
			page.Prev, page.Next = st.Prev, st.Next // by the month's numbers: its bounds may not be at midnight
			page.CSVURL = "/statement.csv?" + url.Values{"account": {strconv.FormatInt(id, 10)}, "month": {st.Month}}.Encode()
			page.Adjust.Currency = st.Account.Country.Currency()
		}
	}
	accs, err := u.app.Access.Accounts(r.Context(), s.actor)
	if err != nil {
		u.fail(w, r, s, err)
		return
	}
	page.Accounts = accs
	with(page)
	u.render(w, r, s, status, "statement", "Statement", page)
}

// statementCSV downloads the month's statement, one row per entry.
func (u *ui) statementCSV(w http.ResponseWriter, r *http.Request, s *session) {
	id, month := statementQuery(r, s)
	if id == 0 {
		u.notFound(w, r, s)
		return
	}
	st, err := u.app.Billing.Statement(r.Context(), s.actor, id, month)
	if err != nil {
		u.fail(w, r, s, err)
		return
	}
	var buf bytes.Buffer
	if err := billing.WriteStatementCSV(&buf, st); err != nil {
		u.serverError(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": "statement-" + strconv.FormatInt(id, 10) + "-" + st.Month + ".csv"}))
	h.Set("Cache-Control", "no-store")
	_, _ = buf.WriteTo(w)
}

// adjustLedger is the team's charge or credit form, in major units.
func (u *ui) adjustLedger(w http.ResponseWriter, r *http.Request, s *session) {
	id, month := statementQuery(r, s)
	form := adjustForm{Amount: strings.TrimSpace(r.PostFormValue("amount")), Currency: strings.ToUpper(strings.TrimSpace(r.PostFormValue("currency"))),
		Reason: r.PostFormValue("reason")}
	refuse := func(status int, errs map[string]string) {
		form.Errors = errs
		u.renderStatement(w, r, s, status, id, month, func(p *statementPage) { p.Adjust = form })
	}
	in := billing.Adjustment{Currency: form.Currency, Reason: form.Reason}
	minor, parseErr := billing.ParseMajorUnits(form.Amount, form.Currency)
	if parseErr == nil {
		in.Amount = minor
	}
	e, err := u.app.Billing.AdjustLedger(r.Context(), s.actor, id, in)
	if errs, ok := fieldErrors(err); ok {
		if pe, ok := fieldErrors(parseErr); ok && form.Amount != "" {
			errs["amount"] = pe["amount"] // how to write an amount in that currency, not "required"
		}
		refuse(http.StatusUnprocessableEntity, errs)
		return
	}
	if err != nil {
		u.fail(w, r, s, err)
		return
	}
	what := "Charge"
	if e.Amount.Amount < 0 {
		what = "Credit"
	}
	u.flash(w, what+" of "+domain.FormatMoney(e.Amount)+" added.")
	http.Redirect(w, r, statementURL(id, ""), http.StatusSeeOther) // this month: where the entry is
}

// reverseLedgerEntry is the team's Reverse button on an entry.
func (u *ui) reverseLedgerEntry(w http.ResponseWriter, r *http.Request, s *session) {
	entry, ok := u.pathID(w, r, s)
	if !ok {
		return
	}
	id, month := statementQuery(r, s)
	reason := r.PostFormValue("reason")
	_, err := u.app.Billing.ReverseLedgerEntry(r.Context(), s.actor, entry, reason)
	var e *domain.Error
	if errors.As(err, &e) && (len(e.Fields) > 0 || e.Code == domain.ErrConflict) {
		msg := e.Message
		if errs, ok := fieldErrors(err); ok {
			msg = errs["reason"]
		}
		u.renderStatement(w, r, s, httpx.StatusOf(e.Code), id, month, func(p *statementPage) {
			p.Reverse.ID, p.Reverse.Reason, p.Reverse.Error = entry, reason, upperFirst(msg)+"."
		})
		return
	}
	if err != nil {
		u.fail(w, r, s, err)
		return
	}
	u.flash(w, "Entry #"+strconv.FormatInt(entry, 10)+" reversed.")
	http.Redirect(w, r, statementURL(id, month), http.StatusSeeOther)
}
