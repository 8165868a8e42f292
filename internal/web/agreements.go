package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/portdesk/portdesk/internal/billing"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/numbering"
)

func init() {
	// A price in major units of its own currency, for the Prices form: "12.50", "1500" (JPY).
	funcs["majorUnits"] = domain.MajorUnits
}

// agreementsPage is the staff page of porting agreements, with its recent changes.
type agreementsPage struct {
	Rows       []domain.PortingAgreement
	Categories []string
	Audit      []domain.AuditEntry
	Errors     map[string]string
	EditID     int64 // the row the errors belong to; 0 the new row
}

func (u *ui) agreements(w http.ResponseWriter, r *http.Request, s *session) {
	u.agreementsWith(w, r, s, http.StatusOK, nil, 0)
}

func (u *ui) agreementsWith(w http.ResponseWriter, r *http.Request, s *session, status int, errs map[string]string, editID int64) {
	if !s.actor.Staff {
		u.forbidden(w, r, s)
		return
	}
	rows, err := u.app.Team.PortingAgreements(r.Context(), s.actor)
	if err != nil {
		u.fail(w, r, s, err)
		return
	}
	audit, err := u.app.Team.AuditLog(r.Context(), s.actor, "porting_agreement:")
	if err != nil {
		u.fail(w, r, s, err)
		return
	}
	if len(audit) > 20 {
		audit = audit[:20]
	}
	u.render(w, r, s, status, "agreements", "Porting agreements", &agreementsPage{Rows: rows, Categories: numbering.AgreementCategories(), Audit: audit, Errors: errs, EditID: editID})
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func (u *ui) saveAgreement(w http.ResponseWriter, r *http.Request, s *session) {
	var id int64
	if r.PathValue("id") != "" {
		var ok bool
		if id, ok = u.pathID(w, r, s); !ok {
			return
		}
	}
	row := domain.PortingAgreement{ID: id, Country: r.PostFormValue("country"), Provider: r.PostFormValue("provider"),
		FormerNames: splitList(r.PostFormValue("former_names")), Categories: r.PostForm["categories"],
		Portable: domain.Portable(r.PostFormValue("portable")), Route: domain.Route(r.PostFormValue("route")), Notes: r.PostFormValue("notes")}
	var err error
	if id == 0 {
		_, err = u.app.Team.CreatePortingAgreement(r.Context(), s.actor, row)
	} else {
		_, err = u.app.Team.UpdatePortingAgreement(r.Context(), s.actor, row)
	}
	if errs, ok := fieldErrors(err); ok {
		u.agreementsWith(w, r, s, http.StatusUnprocessableEntity, errs, id)
		return
	}
	if err != nil {
		u.fail(w, r, s, err)
		return
	}
	u.flash(w, "Agreement with "+strings.TrimSpace(row.Provider)+" saved.")
	http.Redirect(w, r, "/settings/agreements", http.StatusSeeOther)
}

func (u *ui) deleteAgreement(w http.ResponseWriter, r *http.Request, s *session) {
	id, ok := u.pathID(w, r, s)
	if !ok {
		return
	}
	if err := u.app.Team.DeletePortingAgreement(r.Context(), s.actor, id); err != nil {
		u.fail(w, r, s, err)
		return
	}
	u.flash(w, "Agreement removed: checks now say check required for that provider.")
	http.Redirect(w, r, "/settings/agreements", http.StatusSeeOther)
}

// pricesPage is the staff page of the price table, amounts shown in major units.
type pricesPage struct {
	Table       domain.PriceTable
	Categories  []string
	Audit       []domain.AuditEntry
	Errors      map[string]string
	FreeNumbers string
	// The rows as shown: the saved table, or after an error what was typed, each row with
	// its problem in words beside it.
	Fees, Admin, Out []priceRow
	Summary          []string
}

// priceRow is one row of a price list as typed.
type priceRow struct{ Country, Category, Amount, Currency, Err string }

// Blank is the empty row the page offers for adding.
func (pricesPage) Blank() priceRow { return priceRow{} }

// priceLists names each list of the table as the page's headings do.
var priceLists = []struct{ key, words string }{
	{"carrier_fees", "Carrier fees"}, {"admin_charges", "Admin charge"}, {"port_out_fees", "Port-out fees"},
}

// placeErrors puts each problem beside its row (carrier_fees[1].fee → the second carrier fee
// row) and lists it in words for the summary: no field path is shown to people.
func (p *pricesPage) placeErrors() {
	for f, m := range p.Errors {
		placed := false
		for li, l := range priceLists {
			rows := [][]priceRow{p.Fees, p.Admin, p.Out}[li]
			var i int
			if n, _ := fmt.Sscanf(f, l.key+"[%d]", &i); n == 1 && i >= 0 && i < len(rows) {
				if rows[i].Err == "" {
					rows[i].Err = m
				}
				p.Summary = append(p.Summary, fmt.Sprintf("%s, row %d: %s", l.words, i+1, m))
				placed = true
			}
		}
		if !placed {
			p.Summary = append(p.Summary, m)
		}
	}
	slices.Sort(p.Summary)
}

func (u *ui) prices(w http.ResponseWriter, r *http.Request, s *session) {
	if !s.actor.Staff {
		u.forbidden(w, r, s)
		return
	}
	pt, err := u.app.Billing.PriceTable(r.Context(), s.actor)
	if err != nil {
		u.fail(w, r, s, err)
		return
	}
	p := &pricesPage{Table: pt, FreeNumbers: strconv.Itoa(pt.FreeNumbers)}
	for _, f := range pt.CarrierFees {
		p.Fees = append(p.Fees, priceRow{Country: f.Country, Category: f.Category, Amount: domain.MajorUnits(f.Fee), Currency: f.Fee.Currency})
	}
	for _, c := range pt.AdminCharges {
		p.Admin = append(p.Admin, priceRow{Country: c.Country, Amount: domain.MajorUnits(c.Charge), Currency: c.Charge.Currency})
	}
	for _, f := range pt.PortOutFees {
		p.Out = append(p.Out, priceRow{Country: f.Country, Amount: domain.MajorUnits(f.Fee), Currency: f.Fee.Currency})
	}
	u.pricesWith(w, r, s, http.StatusOK, p)
}

func (u *ui) pricesWith(w http.ResponseWriter, r *http.Request, s *session, status int, p *pricesPage) {
	audit, err := u.app.Team.AuditLog(r.Context(), s.actor, "price_table")
	if err != nil {
		u.fail(w, r, s, err)
		return
	}
	if len(audit) > 10 {
		audit = audit[:10]
	}
	p.Categories, p.Audit = slices.Concat(numbering.AgreementCategories(), []string{"international"}), audit
	p.placeErrors()
	u.render(w, r, s, status, "prices", "Prices", p)
}

func (u *ui) savePrices(w http.ResponseWriter, r *http.Request, s *session) {
	if !s.actor.Staff {
		u.forbidden(w, r, s)
		return
	}
	form := r.PostForm
	// at reads the i-th value of a repeated field; a row short of a column reads as empty.
	at := func(field string, i int) string {
		if vs := form[field]; i < len(vs) {
			return vs[i]
		}
		return ""
	}
	pt := domain.PriceTable{CarrierFees: []domain.CarrierFee{}, AdminCharges: []domain.AdminCharge{}, PortOutFees: []domain.PortOutFee{}}
	errs := map[string]string{}
	page := &pricesPage{FreeNumbers: form.Get("free_numbers")}
	// money reads an amount as the ledger does, in the currency's own minor unit (JPY 1500 is
	// 1500, not 150000); the currency itself is checked with the rest of the table.
	money := func(field, amount, currency string) domain.Money {
		currency = strings.ToUpper(strings.TrimSpace(currency))
		a, err := billing.ParseMajorUnits(amount, currency)
		if fe, ok := fieldErrors(err); ok {
			errs[field] = fe["amount"]
		} else if err != nil {
			errs[field] = "Give an amount in major units, such as 12.50."
		}
		return domain.Money{Amount: a, Currency: currency}
	}
	for i := range form["fee_country"] {
		if strings.TrimSpace(at("fee_country", i)) == "" && strings.TrimSpace(at("fee_amount", i)) == "" {
			continue // an empty row for adding
		}
		page.Fees = append(page.Fees, priceRow{Country: at("fee_country", i), Category: at("fee_category", i), Amount: at("fee_amount", i), Currency: at("fee_currency", i)})
		pt.CarrierFees = append(pt.CarrierFees, domain.CarrierFee{Country: at("fee_country", i), Category: at("fee_category", i),
			Fee: money(fmt.Sprintf("carrier_fees[%d]", len(pt.CarrierFees)), at("fee_amount", i), at("fee_currency", i))})
	}
	for i := range form["admin_country"] {
		if strings.TrimSpace(at("admin_country", i)) == "" {
			continue
		}
		page.Admin = append(page.Admin, priceRow{Country: at("admin_country", i), Amount: at("admin_amount", i), Currency: at("admin_currency", i)})
		pt.AdminCharges = append(pt.AdminCharges, domain.AdminCharge{Country: at("admin_country", i),
			Charge: money(fmt.Sprintf("admin_charges[%d]", len(pt.AdminCharges)), at("admin_amount", i), at("admin_currency", i))})
	}
	for i := range form["out_country"] {
		if strings.TrimSpace(at("out_country", i)) == "" {
			continue
		}
		page.Out = append(page.Out, priceRow{Country: at("out_country", i), Amount: at("out_amount", i), Currency: at("out_currency", i)})
		pt.PortOutFees = append(pt.PortOutFees, domain.PortOutFee{Country: at("out_country", i),
			Fee: money(fmt.Sprintf("port_out_fees[%d]", len(pt.PortOutFees)), at("out_amount", i), at("out_currency", i))})
	}
	free, err := strconv.Atoi(strings.TrimSpace(form.Get("free_numbers")))
	if err != nil {
		errs["free_numbers"] = "Give a whole number."
	}
	pt.FreeNumbers = free
	if len(errs) == 0 {
		_, err = u.app.Billing.SetPriceTable(r.Context(), s.actor, pt)
		if fe, ok := fieldErrors(err); ok {
			errs = fe
		} else if err != nil {
			u.fail(w, r, s, err)
			return
		}
	}
	if len(errs) > 0 {
		page.Table, page.Errors = pt, errs
		u.pricesWith(w, r, s, http.StatusUnprocessableEntity, page)
		return
	}
	u.flash(w, "Prices saved. Quotes already accepted keep their amounts.")
	http.Redirect(w, r, "/settings/prices", http.StatusSeeOther)
}

func (u *ui) acceptQuote(w http.ResponseWriter, r *http.Request, s *session) {
	id, ok := u.pathID(w, r, s)
	if !ok {
		return
	}
	version, _ := strconv.ParseInt(r.PostFormValue("version"), 10, 64)
	if _, err := u.app.PortIns.AcceptQuote(r.Context(), s.actor, id, version, r.PostFormValue("hash")); err != nil {
		if domain.IsCode(err, domain.ErrConflict) {
			u.showWith(w, r, s, id, http.StatusConflict, func(p *showPage) {
				p.Error = "The quote changed while you were reading it: review the new quote and accept it."
			})
			return
		}
		u.fail(w, r, s, err)
		return
	}
	u.flash(w, "Quote accepted.")
	http.Redirect(w, r, "/port-ins/"+strconv.FormatInt(id, 10)+"#portability", http.StatusSeeOther)
}
