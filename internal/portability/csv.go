package portability

import (
	"strconv"
	"strings"

	"github.com/portdesk/portdesk/internal/domain"
)

// CSVHeader is the header of CSV results; lists inside a cell are joined with "|".
var CSVHeader = []string{"input", "e164", "valid", "country", "category", "portable", "reasons", "message", "route",
	"range_holder", "range_holder_source", "loa_type", "requires", "conflicts", "sms", "suggestion"}

// CSVRow is one check as a CSV row under CSVHeader.
func CSVRow(c domain.Check) []string {
	var conflicts []string
	for _, cf := range c.Conflicts {
		conflicts = append(conflicts, cf.Kind)
	}
	return []string{c.Input, c.E164, strconv.FormatBool(c.Valid), c.Country, c.Category, string(c.Portable),
		strings.Join(c.Reasons, "|"), c.Message, string(c.Route), c.RangeHolder, c.RangeHolderSource,
		string(c.LOAType), strings.Join(c.Requires, "|"), strings.Join(conflicts, "|"), c.SMS, c.Suggestion}
}
