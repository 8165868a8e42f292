package portin

import (
	"bytes"
	"slices"
	"strings"

	"github.com/portdesk/portdesk/internal/domain"
)

// changedFields names the fields that differ, for the audit trail. The PIN is named but
// never shown.
func changedFields(a, b domain.PortIn) []string {
	var out []string
	add := func(name string, differ bool) {
		if differ {
			out = append(out, name)
		}
	}
	add("losing provider", a.LosingProvider != b.LosingProvider)
	add("losing provider address", a.LosingProviderAddress != b.LosingProviderAddress)
	add("customer name", a.CustomerName != b.CustomerName)
	add("customer type", a.CustomerType != b.CustomerType)
	add("authorised person", a.AuthorisedPerson != b.AuthorisedPerson)
	add("billing address", a.BillingAddress != b.BillingAddress)
	add("service address", !equalPtr(a.ServiceAddress, b.ServiceAddress))
	add("account number", a.AccountNumber != b.AccountNumber)
	add("PIN", !bytes.Equal(a.PINSealed, b.PINSealed))
	add("BTN", a.BTN != b.BTN)
	add("port type", a.PortType != b.PortType)
	add("new BTN", a.NewBTN != b.NewBTN)
	add("line type", a.LineType != b.LineType)
	add("DDI range", a.DDI != b.DDI)
	add("desired date", !equalTime(a, b))
	add("recipients", !slices.Equal(a.Recipients, b.Recipients))
	add("agreements", len(a.Acceptances) != len(b.Acceptances))
	return out
}

func equalPtr[T comparable](a, b *T) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

func equalTime(a, b domain.PortIn) bool {
	if a.DesiredDate == nil || b.DesiredDate == nil {
		return a.DesiredDate == b.DesiredDate
	}
	return a.DesiredDate.Equal(*b.DesiredDate)
}

func joinFields(fs []string) string { return strings.Join(fs, ", ") }

// newAcceptances lists the agreements b has that a had not.
func newAcceptances(a, b domain.PortIn) []domain.Agreement {
	var out []domain.Agreement
	for _, acc := range b.Acceptances {
		if !a.Accepted(acc.Agreement) {
			out = append(out, acc.Agreement)
		}
	}
	return out
}
