package billing

import (
	"io"

	"github.com/portdesk/portdesk/internal/csvout"
	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/domain"
)

// StatementCSVHeader is the export's first row.
var StatementCSVHeader = []string{"date", "account", "kind", "description", "reference", "amount", "currency"}

// WriteStatementCSV writes a statement as RFC 4180 CSV, one row per entry in the statement's
// order: the date in the account's zone, the account, the kind, the description, the request
// or port-out it is for, the amount in major units and its currency. Totals are not rows:
// the file is for importing, and totals are a sum per currency of the amount column.
func WriteStatementCSV(w io.Writer, st Statement) (err error) {
	defer desk.Wrap(&err, "write the statement of account %d for %s as CSV", st.Account.ID, st.Month)
	cw := csvout.NewWriter(w) // cells a spreadsheet would run as formulas are neutralised
	if err := cw.Write(StatementCSVHeader); err != nil {
		return err
	}
	for _, sec := range st.Sections {
		for _, e := range sec.Entries {
			row := []string{e.CreatedAt.In(st.Zone).Format("2006-01-02"), sec.Account.Name, string(e.Kind),
				e.Description, e.Reference, domain.MajorUnits(e.Amount), e.Amount.Currency}
			if err := cw.Write(row); err != nil {
				return err
			}
		}
	}
	return cw.Flush()
}
