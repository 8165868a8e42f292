package api

import (
	"net/http"
	"time"

	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/portability"
)

type childJSON struct {
	ID          int64         `json:"id"`
	Status      domain.Status `json:"status"`
	NumberCount int           `json:"number_count"`
	FirstNumber string        `json:"first_number"`
	DesiredDate *string       `json:"desired_date"`
}

type planJSON struct {
	Checks             []domain.Check         `json:"checks"`
	Orders             []portability.Order    `json:"orders"`
	SetAside           []portability.SetAside `json:"set_aside"`
	Earliest           *string                `json:"earliest_date"`
	DesiredDateProblem string                 `json:"desired_date_problem,omitempty"`
	Quote              domain.Quote           `json:"quote"`
	QuoteAccepted      bool                   `json:"quote_accepted"`
	Children           []childJSON            `json:"orders_split"`
	Rollup             map[domain.Status]int  `json:"rollup"`
}

// getPortability answers a request's checks afresh: orders, lead times, quote, split.
func (x *api) getPortability(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	rp, err := x.app.PortIns.Plan(r.Context(), a, id)
	if err != nil {
		return err
	}
	v := planJSON{Checks: rp.Checks, Orders: rp.Plan.Orders, SetAside: rp.Plan.SetAside, Earliest: dateString(rp.Plan.Earliest),
		DesiredDateProblem: rp.DesiredDateProblem, Quote: rp.Plan.Quote, QuoteAccepted: rp.QuoteAccepted, Children: []childJSON{}, Rollup: rp.Rollup}
	if v.Checks == nil {
		v.Checks = []domain.Check{}
	}
	for _, c := range rp.Children {
		v.Children = append(v.Children, childJSON{ID: c.ID, Status: c.Status, NumberCount: c.NumberCount, FirstNumber: c.FirstNumber, DesiredDate: dateString(c.DesiredDate)})
	}
	writeJSON(w, http.StatusOK, v)
	return nil
}

type quoteAcceptanceBody struct {
	Version int64  `json:"version"`
	Hash    string `json:"hash"`
}

// acceptQuote records the customer's acceptance of the quote it was shown (by hash).
func (x *api) acceptQuote(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var b quoteAcceptanceBody
	if err := x.decode(w, r, &b); err != nil {
		return err
	}
	if b.Hash == "" {
		return &domain.Error{Code: domain.ErrInvalid, Message: "name the quote you accept",
			Fields: []domain.FieldError{{Field: "hash", Code: "required", Message: "Send the quote's hash from GET /port-ins/{id}/portability."}}}
	}
	v, err := version(r, b.Version)
	if err != nil {
		return err
	}
	if _, err := x.app.PortIns.AcceptQuote(r.Context(), a, id, v, b.Hash); err != nil {
		return err
	}
	return x.writePortIn(w, r, a, id, http.StatusOK)
}

type agreementBody struct {
	Country     string          `json:"country"`
	Provider    string          `json:"provider"`
	FormerNames []string        `json:"former_names"`
	Categories  []string        `json:"categories"`
	Portable    domain.Portable `json:"portable"`
	Route       domain.Route    `json:"route"`
	Notes       string          `json:"notes"`
}

func (b agreementBody) row(id int64) domain.PortingAgreement {
	return domain.PortingAgreement{ID: id, Country: b.Country, Provider: b.Provider, FormerNames: b.FormerNames,
		Categories: b.Categories, Portable: b.Portable, Route: b.Route, Notes: b.Notes}
}

func (x *api) listAgreements(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	rows, err := x.app.Team.PortingAgreements(r.Context(), a)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"agreements": rows})
	return nil
}

func (x *api) createAgreement(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	var b agreementBody
	if err := x.decode(w, r, &b); err != nil {
		return err
	}
	row, err := x.app.Team.CreatePortingAgreement(r.Context(), a, b.row(0))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, row)
	return nil
}

func (x *api) updateAgreement(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var b agreementBody
	if err := x.decode(w, r, &b); err != nil {
		return err
	}
	row, err := x.app.Team.UpdatePortingAgreement(r.Context(), a, b.row(id))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, row)
	return nil
}

func (x *api) deleteAgreement(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := x.app.Team.DeletePortingAgreement(r.Context(), a, id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (x *api) getPrices(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	pt, err := x.app.Billing.PriceTable(r.Context(), a)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, pt)
	return nil
}

type priceTableBody struct {
	CarrierFees  []domain.CarrierFee  `json:"carrier_fees"`
	AdminCharges []domain.AdminCharge `json:"admin_charges"`
	FreeNumbers  int                  `json:"free_numbers"`
	PortOutFees  []domain.PortOutFee  `json:"port_out_fees"`
}

func (x *api) putPrices(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	var b priceTableBody
	if err := x.decode(w, r, &b); err != nil {
		return err
	}
	pt, err := x.app.Billing.SetPriceTable(r.Context(), a, domain.PriceTable{CarrierFees: b.CarrierFees, AdminCharges: b.AdminCharges, FreeNumbers: b.FreeNumbers, PortOutFees: b.PortOutFees})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, pt)
	return nil
}

type auditJSON struct {
	ID        int64     `json:"id"`
	Subject   string    `json:"subject"`
	ActorID   int64     `json:"actor_id"`
	ActorName string    `json:"actor_name"`
	Action    string    `json:"action"`
	Detail    string    `json:"detail"`
	At        time.Time `json:"at"`
}

func (x *api) listAudit(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	log, err := x.app.Team.AuditLog(r.Context(), a, r.URL.Query().Get("subject"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"entries": mapList(log, func(e domain.AuditEntry) auditJSON {
		return auditJSON{e.ID, e.Subject, e.ActorID, e.ActorName, e.Action, e.Detail, e.At}
	})})
	return nil
}
