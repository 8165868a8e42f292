package loa

import (
	"fmt"
	"strings"

	"github.com/portdesk/portdesk/internal/domain"
)

// Row is one line of a letter's details: its label and value lines, "—" when it has none.
type Row struct {
	Label  string
	Values []string
}

// Words is what a letter says, in the order the PDF says it, for a page to show as text:
// readable on a phone or in a browser that does not show PDFs inline.
type Words struct {
	Title, Regime string
	Summary       string   // request, order, numbers and port type, one line
	Rows          []Row    // the details, exactly as on the bill
	Numbers       []string // the first WordsNumbers of them
	MoreNumbers   int      // how many more the PDF lists
	Authorisation []string
}

// WordsNumbers is how many numbers the words list: a page stays small for a request of
// thousands, whose PDF lists them all.
const WordsNumbers = 60

// WordsOf is the letter's words; the PDF's details come from the same rows.
func WordsOf(l Letter) Words {
	w := wordingFor(l)
	out := Words{Title: w.Title, Regime: w.Regime, Rows: detailRows(l, w), Authorisation: w.Authorisation,
		Summary: fmt.Sprintf("Request %d%s · %s · %s", l.RequestID, orderOf(l), domain.Plural(len(l.Numbers), "number"), portTypeLabel(l.PortType))}
	shown := l.Numbers[:min(len(l.Numbers), WordsNumbers)]
	out.Numbers, out.MoreNumbers = make([]string, len(shown)), len(l.Numbers)-len(shown)
	for i, n := range shown {
		out.Numbers[i] = displayNumber(n)
	}
	return out
}

// detailRows are the letter's details, exactly as on the bill from the losing provider.
func detailRows(l Letter, w wording) []Row {
	var rows []Row
	row := func(label string, values ...string) {
		var vs []string
		for _, v := range values {
			if strings.TrimSpace(v) != "" {
				vs = append(vs, v)
			}
		}
		rows = append(rows, Row{Label: label, Values: vs})
	}
	row("Losing provider", append([]string{l.LosingProvider}, splitAddress(l.LosingProviderAddress)...)...)
	if l.UK() && l.RangeHolder != "" {
		row("Range holder", l.RangeHolder)
	}
	row("Customer name", l.CustomerName)
	row("Billing address", addressLines(l.BillingAddress)...)
	if l.ServiceAddress != nil {
		row("Service address", addressLines(*l.ServiceAddress)...)
	} else {
		row("Service address", "The same as the billing address")
	}
	row("Account number", l.AccountNumber)
	row(w.BTNLabel, displayNumber(l.BTN))
	others := ""
	if l.Split() {
		others = fmt.Sprintf(" (this letter's and those of the other orders of request %d)", l.RequestID)
	}
	switch l.PortType {
	case domain.PortFull:
		if l.Split() {
			row("Port type", "Full: every number on the account moves, on the "+fmt.Sprint(l.Orders)+" letters of this request, and the account closes")
		} else {
			row("Port type", "Full: every number on the account moves and the account closes")
		}
	case domain.PortPartial:
		row("Port type", "Partial: only the numbers listed"+others+" move")
		if l.NewBTN != "" {
			row("New "+w.BTNLabel+" for the numbers that stay", displayNumber(l.NewBTN))
		}
	default:
		row("Port type")
	}
	if l.Split() {
		row("Order", fmt.Sprintf("%d of %d: this letter lists only the numbers of this order", l.Order, l.Orders))
	}
	if l.UK() {
		row("Line type", lineTypeLabel(l.LineType))
	}
	row("Requested port date", orDefault(formatDate(l.DesiredDate), "The earliest date the losing provider allows"))
	p := l.AuthorisedPerson
	row("Authorised person", strings.Trim(p.Name+", "+p.Title, ", "), p.Email)
	return rows
}
