package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/portin"
)

// formPage is the request form, new or edit, with what was entered and what is wrong.
type formPage struct {
	ID          int64
	Version     int64
	P           domain.PortIn
	ServiceSame bool
	Recipients  string
	DesiredDate string
	Accounts    []domain.Account
	Agreements  []agreementBox
	// PIN is what was typed in the PIN box, shown again after an error so that a correction
	// elsewhere does not silently drop it (it is never read back from the store).
	PIN    string
	Errors map[string]string
	Error  string
	// CanInvite: the account's admins may invite someone to get the request's updates.
	CanInvite bool
}

type agreementBox struct {
	Key     domain.Agreement
	Text    string
	Checked bool
}

func agreementBoxes(p domain.PortIn, posted map[domain.Agreement]bool) []agreementBox {
	var out []agreementBox
	for _, a := range domain.Agreements {
		out = append(out, agreementBox{Key: a.Key, Text: a.Text, Checked: p.Accepted(a.Key) || posted[a.Key]})
	}
	return out
}

func (u *ui) formFor(r *http.Request, s *session, p domain.PortIn) (formPage, error) {
	accs, err := u.app.Access.Accounts(r.Context(), s.actor)
	if err != nil {
		return formPage{}, err
	}
	f := formPage{ID: p.ID, Version: p.Version, P: p, ServiceSame: p.ServiceAddress == nil, Accounts: accs,
		Recipients: strings.Join(p.Recipients, "\n"), Agreements: agreementBoxes(p, nil), CanInvite: s.actor.Role == domain.RoleAdmin}
	if p.DesiredDate != nil {
		f.DesiredDate = p.DesiredDate.Format("2006-01-02")
	}
	if p.ServiceAddress == nil {
		f.P.ServiceAddress = &domain.Address{}
	}
	return f, nil
}

func (u *ui) newForm(w http.ResponseWriter, r *http.Request, s *session) {
	f, err := u.formFor(r, s, domain.PortIn{AccountID: s.actor.AccountID, PortType: domain.PortFull, CustomerType: domain.CustomerBusiness})
	if err != nil {
		u.fail(w, r, s, err)
		return
	}
	u.render(w, r, s, http.StatusOK, "form", "New port request", f)
}

// changesFrom reads the form into the service's change set; field names follow the API's
// JSON paths so that errors land next to the right input.
func changesFrom(r *http.Request) (portin.Changes, map[domain.Agreement]bool) {
	v := func(k string) *string {
		s := r.PostFormValue(k)
		return &s
	}
	ct := domain.CustomerType(r.PostFormValue("customer_type"))
	pt := domain.PortType(r.PostFormValue("port_type"))
	lt := domain.LineType(r.PostFormValue("line_type"))
	ddi := domain.DDIRange(r.PostFormValue("ddi"))
	c := portin.Changes{
		LosingProvider: v("losing_provider"), LosingProviderAddress: v("losing_provider_address"),
		CustomerName: v("customer_name"), CustomerType: &ct,
		AuthorisedPerson: &domain.Person{Name: r.PostFormValue("authorised_person.name"), Title: r.PostFormValue("authorised_person.title"), Email: r.PostFormValue("authorised_person.email")},
		BillingAddress:   addressFrom(r, "billing_address"),
		AccountNumber:    v("account_number"), BTN: v("btn"), PortType: &pt, NewBTN: v("new_btn"), DesiredDate: v("desired_date"),
		LineType: &lt, DDI: &ddi,
	}
	if r.PostFormValue("service_same") == "" {
		c.ServiceAddress = addressFrom(r, "service_address")
	} else {
		c.ServiceAddress = &domain.Address{}
	}
	if pin := r.PostFormValue("pin"); pin != "" {
		c.PIN = &pin // an empty box keeps the PIN already saved
	}
	recips := boxList(r.PostFormValue("recipients"))
	c.Recipients = &recips
	posted := map[domain.Agreement]bool{}
	for _, k := range r.PostForm["accept"] {
		c.Accept = append(c.Accept, domain.Agreement(k))
		posted[domain.Agreement(k)] = true
	}
	if id, err := strconv.ParseInt(r.PostFormValue("account_id"), 10, 64); err == nil && id > 0 {
		c.AccountID = &id
	}
	return c, posted
}

// boxList reads a box of entries (recipients, numbers): one a line, commas and semicolons too.
func boxList(s string) []string {
	var recips []string
	for _, line := range strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == ',' || r == ';' }) {
		if line = strings.TrimSpace(line); line != "" {
			recips = append(recips, line)
		}
	}
	return recips
}

func addressFrom(r *http.Request, prefix string) *domain.Address {
	g := func(k string) string { return r.PostFormValue(prefix + "." + k) }
	return &domain.Address{Line1: g("line1"), Line2: g("line2"), City: g("city"), Region: g("region"), Postcode: g("postcode"), Country: g("country")}
}

// redisplay shows the form again with what was typed and every problem next to its field.
func (u *ui) redisplay(w http.ResponseWriter, r *http.Request, s *session, base domain.PortIn, c portin.Changes, posted map[domain.Agreement]bool, err error) {
	errs, ok := fieldErrors(err)
	if !ok {
		u.fail(w, r, s, err)
		return
	}
	p := base
	p.LosingProvider, p.LosingProviderAddress, p.CustomerName = *c.LosingProvider, *c.LosingProviderAddress, *c.CustomerName
	p.CustomerType, p.AuthorisedPerson, p.BillingAddress = *c.CustomerType, *c.AuthorisedPerson, *c.BillingAddress
	p.ServiceAddress, p.AccountNumber, p.BTN, p.PortType, p.NewBTN = c.ServiceAddress, *c.AccountNumber, *c.BTN, *c.PortType, *c.NewBTN
	p.LineType, p.DDI = *c.LineType, *c.DDI
	if c.AccountID != nil {
		p.AccountID = *c.AccountID
	}
	f, ferr := u.formFor(r, s, p)
	if ferr != nil {
		u.fail(w, r, s, ferr)
		return
	}
	f.ServiceSame = r.PostFormValue("service_same") != ""
	f.Recipients, f.DesiredDate, f.PIN = r.PostFormValue("recipients"), *c.DesiredDate, r.PostFormValue("pin")
	f.Agreements = agreementBoxes(base, posted)
	f.Errors, f.Error = errs, "Some fields need attention: see the messages next to them."
	title := "New port request"
	if base.ID != 0 {
		title = "Edit port request"
	}
	u.render(w, r, s, http.StatusUnprocessableEntity, "form", title, f)
}

func (u *ui) create(w http.ResponseWriter, r *http.Request, s *session) {
	c, posted := changesFrom(r)
	p, err := u.app.PortIns.Create(r.Context(), s.actor, c)
	if err != nil {
		u.redisplay(w, r, s, domain.PortIn{}, c, posted, err)
		return
	}
	u.flash(w, "Draft saved. Now add the numbers to port.")
	http.Redirect(w, r, "/port-ins/"+strconv.FormatInt(p.ID, 10)+"#numbers", http.StatusSeeOther)
}

func (u *ui) editForm(w http.ResponseWriter, r *http.Request, s *session) {
	id, ok := u.pathID(w, r, s)
	if !ok {
		return
	}
	v, err := u.app.PortIns.Get(r.Context(), s.actor, id)
	if err != nil {
		u.fail(w, r, s, err)
		return
	}
	if !v.Status.Editable() {
		http.Redirect(w, r, "/port-ins/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
		return
	}
	f, err := u.formFor(r, s, v.PortIn)
	if err != nil {
		u.fail(w, r, s, err)
		return
	}
	u.render(w, r, s, http.StatusOK, "form", "Edit port request", f)
}

func (u *ui) update(w http.ResponseWriter, r *http.Request, s *session) {
	id, ok := u.pathID(w, r, s)
	if !ok {
		return
	}
	v, err := u.app.PortIns.Get(r.Context(), s.actor, id)
	if err != nil {
		u.fail(w, r, s, err)
		return
	}
	c, posted := changesFrom(r)
	version, _ := strconv.ParseInt(r.PostFormValue("version"), 10, 64)
	if _, err := u.app.PortIns.Update(r.Context(), s.actor, id, version, c); err != nil {
		u.redisplay(w, r, s, v.PortIn, c, posted, err)
		return
	}
	u.flash(w, "Changes saved.")
	http.Redirect(w, r, "/port-ins/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}

func (u *ui) pathID(w http.ResponseWriter, r *http.Request, s *session) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		u.notFound(w, r, s)
		return 0, false
	}
	return id, true
}
