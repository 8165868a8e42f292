package loa

import (
	"testing"

	"github.com/portdesk/portdesk/internal/domain"
)

// Every detail the letter shows is part of what is signed; how it looks is not.
func TestContentSHA256(t *testing.T) {
	t.Parallel()
	base := sample(domain.LOAUKGeographic, 3)
	h := ContentSHA256(base)
	if h != ContentSHA256(sample(domain.LOAUKGeographic, 3)) {
		t.Fatal("the same letter hashes differently")
	}
	changes := map[string]func(*Letter){
		"type":              func(l *Letter) { l.Type = domain.LOAUKNonGeographic },
		"operator name":     func(l *Letter) { l.Operator.Name = "Other Ltd" },
		"operator address":  func(l *Letter) { l.Operator.Address = "elsewhere" },
		"losing provider":   func(l *Letter) { l.LosingProvider = "Virgin Media" },
		"losing address":    func(l *Letter) { l.LosingProviderAddress = "" },
		"customer name":     func(l *Letter) { l.CustomerName = "Acme Widgets Limited" },
		"billing postcode":  func(l *Letter) { l.BillingAddress.Postcode = "LS1 4AQ" },
		"service address":   func(l *Letter) { l.ServiceAddress = &domain.Address{Line1: "1 High Street"} },
		"account number":    func(l *Letter) { l.AccountNumber = "AC-998878" },
		"btn":               func(l *Letter) { l.BTN = "+441134960001" },
		"port type":         func(l *Letter) { l.PortType = domain.PortFull },
		"new btn":           func(l *Letter) { l.NewBTN = "+441134960002" },
		"desired date":      func(l *Letter) { l.DesiredDate = "" },
		"signatory":         func(l *Letter) { l.AuthorisedPerson.Title = "CEO" },
		"a number":          func(l *Letter) { l.Numbers[1] = "+441134969999" },
		"a number more":     func(l *Letter) { l.Numbers = append(l.Numbers, "+441134969999") },
		"order of numbers":  func(l *Letter) { l.Numbers[0], l.Numbers[1] = l.Numbers[1], l.Numbers[0] },
		"request":           func(l *Letter) { l.RequestID = 43 },
		"newline injection": func(l *Letter) { l.CustomerName = "Acme Widgets Ltd\nnumber: +441134960000" },
	}
	for name, change := range changes {
		l := sample(domain.LOAUKGeographic, 3)
		change(&l)
		if ContentSHA256(l) == h {
			t.Errorf("%s: changing it leaves the hash as it was", name)
		}
	}
	same := sample(domain.LOAUKGeographic, 3)
	same.Operator.Logo = []byte("a new logo")
	same.Operator.Fonts = [][]byte{[]byte("a font")}
	if ContentSHA256(same) != h {
		t.Error("the logo or the fonts changed the hash: they are not what is signed")
	}
}
