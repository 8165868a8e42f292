package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/numbering"
	"github.com/portdesk/portdesk/internal/portin"
)

// The guided port: the request form and page split into the steps in the order a customer
// thinks in, numbers first. Each step is a page of its own whose forms post to the handlers
// the request page uses, carrying the step, so a save comes back to the flow and an error
// shows on the step it came from.
type guideStep struct {
	Key, Title string
	N          int
	Done       bool
	Current    bool
}

var guideSteps = []struct{ Key, Title string }{
	{"numbers", "Numbers"},
	{"details", "Details as on the bill"},
	{"agreements", "Agreements"},
	{"letter", "Letter of authorisation"},
	{"proof", "Proof of ownership"},
	{"updates", "Who gets updates"},
	{"review", "Review and submit"},
}

// stepOf is the step a form names, "" for none or one that is not a step.
func stepOf(key string) string {
	for _, s := range guideSteps {
		if s.Key == key {
			return key
		}
	}
	return ""
}

// nextStep is the step after key; review is the last.
func nextStep(key string) string {
	for i, s := range guideSteps {
		if s.Key == key && i+1 < len(guideSteps) {
			return guideSteps[i+1].Key
		}
	}
	return "review"
}

// fieldStep is the step where a missing item is put right.
func fieldStep(field string) string {
	switch {
	case field == "numbers":
		return "numbers"
	case field == "quote_acceptance" || strings.HasPrefix(field, "accept") || strings.HasPrefix(field, "agreement"):
		return "agreements"
	case field == "loa_signature" || strings.HasPrefix(field, "pac"):
		return "letter"
	case strings.HasPrefix(field, "documents"):
		return "proof"
	case strings.HasPrefix(field, "recipients"):
		return "updates"
	}
	return "details"
}

// stepPage is one step of the guided port: the request page's data, the details form for the
// details step, and where the customer is.
type stepPage struct {
	Show  *showPage
	Step  string
	Title string
	Steps []guideStep
	Next  string
	Prev  string
	Form  *formPage
	// Fields are the request's missing items by step, for the review.
	Fixes map[string][]domain.FieldError
}

// stepsOf marks each step done from what the request still lacks.
func stepsOf(v portin.View, current string) ([]guideStep, map[string][]domain.FieldError) {
	fixes := map[string][]domain.FieldError{}
	for _, m := range v.Missing {
		k := fieldStep(m.Field)
		fixes[k] = append(fixes[k], m)
	}
	out := make([]guideStep, len(guideSteps))
	for i, s := range guideSteps {
		done := len(fixes[s.Key]) == 0
		switch s.Key {
		case "numbers":
			done = done && v.NumberCount > 0
		case "updates":
			done = true // optional: the creator hears anyway
		case "review":
			done = !v.Status.Editable()
		}
		out[i] = guideStep{Key: s.Key, Title: s.Title, N: i + 1, Done: done, Current: s.Key == current}
	}
	return out, fixes
}

func stepPath(id int64, step string) string {
	return "/port-ins/" + strconv.FormatInt(id, 10) + "/steps/" + step
}

// saved sends the browser on after a save: to the step the form came from, or the one after
// it when advance, or back to the request page at fragment when the form is not a step's.
func (u *ui) saved(w http.ResponseWriter, r *http.Request, id int64, fragment string, advance bool) {
	if r.PostFormValue("back") == "change" {
		http.Redirect(w, r, "/port-ins/"+strconv.FormatInt(id, 10)+"/change", http.StatusSeeOther)
		return
	}
	if step := stepOf(r.PostFormValue("step")); step != "" {
		if advance {
			step = nextStep(step)
		}
		http.Redirect(w, r, stepPath(id, step), http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, "/port-ins/"+strconv.FormatInt(id, 10)+fragment, http.StatusSeeOther)
}

// stepWith renders one step with extra changes to the page, as showWith does for the request.
func (u *ui) stepWith(w http.ResponseWriter, r *http.Request, s *session, id int64, step string, status int, extra func(*stepPage)) {
	p, ok := u.showData(w, r, s, id)
	if !ok {
		return
	}
	if !p.V.Status.Editable() {
		// A submitted request is followed on its page; its changes have their own page.
		http.Redirect(w, r, "/port-ins/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
		return
	}
	sp := &stepPage{Show: p, Step: step}
	sp.Steps, sp.Fixes = stepsOf(p.V, step)
	for i, g := range sp.Steps {
		if g.Key == step {
			sp.Title = g.Title
			if i > 0 {
				sp.Prev = sp.Steps[i-1].Key
			}
			if i+1 < len(sp.Steps) {
				sp.Next = sp.Steps[i+1].Key
			}
		}
	}
	if step == "details" || step == "agreements" {
		f, err := u.formFor(r, s, p.V.PortIn)
		if err != nil {
			u.fail(w, r, s, err)
			return
		}
		sp.Form = &f
	}
	if extra != nil {
		extra(sp)
	}
	u.render(w, r, s, status, "steps", sp.Title+" · port request #"+strconv.FormatInt(id, 10), sp)
}

func (u *ui) stepPage(w http.ResponseWriter, r *http.Request, s *session) {
	id, ok := u.pathID(w, r, s)
	if !ok {
		return
	}
	step := stepOf(r.PathValue("step"))
	if step == "" {
		u.notFound(w, r, s)
		return
	}
	u.stepWith(w, r, s, id, step, http.StatusOK, nil)
}

// newGuided is the first step of a new request: the numbers, before anything else.
func (u *ui) newGuided(w http.ResponseWriter, r *http.Request, s *session) {
	f, err := u.formFor(r, s, domain.PortIn{AccountID: s.actor.AccountID})
	if err != nil {
		u.fail(w, r, s, err)
		return
	}
	u.render(w, r, s, http.StatusOK, "guided_new", "New port request", newGuidedPage{Form: f, Steps: mustSteps()})
}

type newGuidedPage struct {
	Form    formPage
	Steps   []guideStep
	Content string
	Error   string
}

func mustSteps() []guideStep {
	st, _ := stepsOf(portin.View{PortIn: domain.PortIn{Status: domain.StatusDraft}}, "numbers")
	st[len(st)-2].Done = false
	return st
}

// createGuided starts the draft with its numbers: the rows that cannot be read are left out and
// shown on the numbers step, where more can be added.
func (u *ui) createGuided(w http.ResponseWriter, r *http.Request, s *session) {
	content, kind, err := uploaded(r)
	if err != nil {
		u.fail(w, r, s, tooLarge(err))
		return
	}
	again := func(msg string) {
		f, ferr := u.formFor(r, s, domain.PortIn{AccountID: s.actor.AccountID})
		if ferr != nil {
			u.fail(w, r, s, ferr)
			return
		}
		u.render(w, r, s, http.StatusUnprocessableEntity, "guided_new", "New port request", newGuidedPage{Form: f, Steps: mustSteps(), Content: content, Error: msg})
	}
	if strings.TrimSpace(content) == "" {
		again("Paste the numbers to port or choose a file first.")
		return
	}
	var c portin.Changes
	pt, ct := domain.PortFull, domain.CustomerBusiness
	c.PortType, c.CustomerType = &pt, &ct
	if id, err := strconv.ParseInt(r.PostFormValue("account_id"), 10, 64); err == nil && id > 0 {
		c.AccountID = &id
	}
	p, err := u.app.PortIns.Create(r.Context(), s.actor, c)
	if errs, ok := fieldErrors(err); ok {
		again(errs["account_id"])
		return
	}
	if err != nil {
		u.fail(w, r, s, err)
		return
	}
	res, err := u.app.PortIns.AddNumbers(r.Context(), s.actor, p.ID, p.Version, numbering.NewRowReader(strings.NewReader(content), kind).Sized(int64(len(content))), false)
	if err != nil {
		u.fail(w, r, s, err)
		return
	}
	msg := "Draft started: " + domain.Plural(res.Added, "number") + " added."
	if res.Rejected > 0 {
		msg += " " + domain.Plural(res.Rejected, "row") + " could not be read: check and add them again."
	}
	u.flash(w, msg)
	http.Redirect(w, r, stepPath(p.ID, "numbers"), http.StatusSeeOther)
}

// saveDetails saves the details step: the form's fields but not its recipients or agreements,
// which have their own steps.
func (u *ui) saveDetails(w http.ResponseWriter, r *http.Request, s *session) {
	u.saveStepForm(w, r, s, "details", func(c *portin.Changes) { c.Recipients, c.Accept = nil, nil })
}

// saveAgreements saves the agreements ticked and, when asked, accepts the quote shown.
func (u *ui) saveAgreements(w http.ResponseWriter, r *http.Request, s *session) {
	u.saveStepForm(w, r, s, "agreements", func(c *portin.Changes) {
		accept := c.Accept
		*c = portin.Changes{Accept: accept}
	})
}

func (u *ui) saveStepForm(w http.ResponseWriter, r *http.Request, s *session, step string, only func(*portin.Changes)) {
	id, ok := u.pathID(w, r, s)
	if !ok {
		return
	}
	c, posted := changesFrom(r)
	only(&c)
	version, _ := strconv.ParseInt(r.PostFormValue("version"), 10, 64)
	if step != "agreements" || len(c.Accept) > 0 {
		p, err := u.app.PortIns.Update(r.Context(), s.actor, id, version, c)
		if err != nil {
			errs, ok := fieldErrors(err)
			if !ok {
				u.fail(w, r, s, err)
				return
			}
			u.stepWith(w, r, s, id, step, http.StatusUnprocessableEntity, func(sp *stepPage) {
				f := sp.Form
				if step == "details" {
					full, _ := changesFrom(r)
					q := sp.Show.V.PortIn
					q.LosingProvider, q.LosingProviderAddress, q.CustomerName = *full.LosingProvider, *full.LosingProviderAddress, *full.CustomerName
					q.CustomerType, q.AuthorisedPerson, q.BillingAddress = *full.CustomerType, *full.AuthorisedPerson, *full.BillingAddress
					q.ServiceAddress, q.AccountNumber, q.BTN, q.PortType, q.NewBTN = full.ServiceAddress, *full.AccountNumber, *full.BTN, *full.PortType, *full.NewBTN
					f.P, f.ServiceSame, f.DesiredDate = q, r.PostFormValue("service_same") != "", *full.DesiredDate
				}
				f.Agreements = agreementBoxes(sp.Show.V.PortIn, posted)
				f.Errors, f.Error = errs, "Some fields need attention: see the messages next to them."
			})
			return
		}
		version = p.Version
	}
	if step == "agreements" && r.PostFormValue("accept_quote") != "" {
		if _, err := u.app.PortIns.AcceptQuote(r.Context(), s.actor, id, version, r.PostFormValue("hash")); err != nil {
			if domain.IsCode(err, domain.ErrConflict) {
				u.stepWith(w, r, s, id, step, http.StatusConflict, func(sp *stepPage) {
					sp.Show.Error = "The quote changed while you were reading it: review the new quote and accept it."
				})
				return
			}
			u.fail(w, r, s, err)
			return
		}
	}
	u.flash(w, "Saved.")
	http.Redirect(w, r, stepPath(id, nextStep(step)), http.StatusSeeOther)
}
