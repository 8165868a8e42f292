package web

import (
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/numbering"
	"github.com/portdesk/portdesk/internal/portability"
	"github.com/portdesk/portdesk/internal/portin"
)

// checkPage is the "Check numbers" page: paste or upload, see what the list would become.
type checkPage struct {
	Content        string
	DefaultCountry string
	LosingProvider string
	Checks         []domain.Check
	Plan           *portability.Plan
	Portable       []string // E.164 of the numbers a request can start with
	Counts         map[string]int
	Error          string
}

// checkPageLimit keeps the page's answer readable and quick; the API and CLI take a million.
const checkPageLimit = 10_000

func (u *ui) checkForm(w http.ResponseWriter, r *http.Request, s *session) {
	u.render(w, r, s, http.StatusOK, "check", "Check numbers", &checkPage{DefaultCountry: u.defaultCountry(r, s)})
}

func (u *ui) defaultCountry(r *http.Request, s *session) string {
	if s.actor.AccountID != 0 {
		if acc, err := u.app.Access.Account(r.Context(), s.actor, s.actor.AccountID); err == nil {
			return string(acc.Country)
		}
	}
	return "GB"
}

func (u *ui) check(w http.ResponseWriter, r *http.Request, s *session) {
	content, kind, err := uploaded(r)
	if err != nil {
		u.fail(w, r, s, tooLarge(err))
		return
	}
	p := &checkPage{Content: content, DefaultCountry: r.PostFormValue("default_country"), LosingProvider: strings.TrimSpace(r.PostFormValue("losing_provider"))}
	if p.DefaultCountry == "" {
		p.DefaultCountry = u.defaultCountry(r, s)
	}
	raws, err := readList(content, kind)
	switch {
	case err != nil:
		p.Error = upperFirst(errMessage(err)) + "."
	case len(raws) == 0:
		p.Error = "Paste some numbers or choose a file first."
	case len(raws) > checkPageLimit:
		p.Error = "This page checks up to 10,000 numbers at a time: use the API or portdesk check for longer lists."
	}
	if p.Error != "" {
		u.render(w, r, s, http.StatusUnprocessableEntity, "check", "Check numbers", p)
		return
	}
	checks, plan, err := u.app.PortIns.PlanNumbers(r.Context(), s.actor, portin.CheckRequest{DefaultCountry: p.DefaultCountry, LosingProvider: p.LosingProvider}, raws)
	if err != nil {
		u.fail(w, r, s, err)
		return
	}
	p.Checks, p.Plan, p.Counts = checks, &plan, map[string]int{}
	for _, c := range checks {
		p.Counts[string(c.Portable)]++
	}
	for _, o := range plan.Orders {
		p.Portable = append(p.Portable, o.Numbers...)
	}
	u.render(w, r, s, http.StatusOK, "check", "Check numbers", p)
}

func readList(content string, kind numbering.Kind) ([]string, error) {
	rows := numbering.NewRowReader(strings.NewReader(content), kind)
	rows.SetMaxRows(checkPageLimit + 1)
	var out []string
	for {
		row, err := rows.Next()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		out = append(out, row.Number)
	}
}

func errMessage(err error) string {
	var e *domain.Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "the list could not be read"
}

// startFromCheck opens a draft with the portable numbers of a check.
func (u *ui) startFromCheck(w http.ResponseWriter, r *http.Request, s *session) {
	provider := strings.TrimSpace(r.PostFormValue("losing_provider"))
	changes := portin.Changes{}
	if provider != "" {
		changes.LosingProvider = &provider
	}
	p, err := u.app.PortIns.Create(r.Context(), s.actor, changes)
	if err != nil {
		u.fail(w, r, s, err)
		return
	}
	numbers := r.PostFormValue("numbers")
	res, err := u.app.PortIns.AddNumbers(r.Context(), s.actor, p.ID, p.Version, numbering.NewRowReader(strings.NewReader(numbers), numbering.TXT).Sized(int64(len(numbers))), false)
	if err != nil {
		u.fail(w, r, s, err)
		return
	}
	u.flash(w, "Port request started with "+domain.Plural(res.Added, "number")+". Complete the details, then submit.")
	http.Redirect(w, r, "/port-ins/"+strconv.FormatInt(p.ID, 10), http.StatusSeeOther)
}
