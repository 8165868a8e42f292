package loa

import (
	"testing"

	"github.com/portdesk/portdesk/internal/domain"
)

// Every detail the letter shows is part of what is signed; how it looks is not.
func TestContentSHA256(t *testing.T) {
	t.Parallel()
	base := sample(domain.LOAUKGeographic, 3)
	base.Order, base.Orders = 2, 3
	h := ContentSHA256(base)
	if again := sample(domain.LOAUKGeographic, 3); ContentSHA256(again) == h {
		t.Fatal("an order of a split request hashes as the request of one order")
	}
	again := sample(domain.LOAUKGeographic, 3)
	again.Order, again.Orders = 2, 3
	if h != ContentSHA256(again) {
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
		"range holder":      func(l *Letter) { l.RangeHolder = "Gamma Telecom Ltd" },
		"line type":         func(l *Letter) { l.LineType = domain.SingleLine },
		"one order":         func(l *Letter) { l.Order, l.Orders = 0, 0 },
		"another order":     func(l *Letter) { l.Order = 3 },
		"more orders":       func(l *Letter) { l.Orders = 4 },
		"newline injection": func(l *Letter) { l.CustomerName = "Acme Widgets Ltd\nnumber: +441134960000" },
	}
	for name, change := range changes {
		l := sample(domain.LOAUKGeographic, 3)
		l.Order, l.Orders = 2, 3
		change(&l)
		if ContentSHA256(l) == h {
			t.Errorf("%s: changing it leaves the hash as it was", name)
		}
	}
	same := sample(domain.LOAUKGeographic, 3)
	same.Order, same.Orders = 2, 3
	same.Operator.Logo = []byte("a new logo")
	same.Operator.Fonts = [][]byte{[]byte("a font")}
	if ContentSHA256(same) != h {
		t.Error("the logo or the fonts changed the hash: they are not what is signed")
	}
}

// Letters that show nothing new hash as they did before UK letters named the range holder
// and the line type and split orders said so: their signatures still count.
func TestContentSHA256Unchanged(t *testing.T) {
	t.Parallel()
	for typ, want := range map[domain.LOAType]string{
		domain.LOAUSLocal:       "676e0c3a837e892f7b642dd2d8c33b27a59a2a45dfe305d2ec837f8f00fb6f8e",
		domain.LOAUSTollFree:    "cff2204f3a6e0b8f75fff6c41fae46853a1c180c2910b42041509376335d61b2",
		domain.LOACanada:        "1129adf818560643d3f5433f7dde2f335d811549176e9158290014f1764b190e",
		domain.LOAInternational: "88c0aeb2158e686b9da77d5c9d6306c9e0cc61dd5c49a767764aab3181361997",
	} {
		l := sample(typ, 3)
		l.Orders = 1 // one order: nothing to say
		if got := ContentSHA256(l); got != want {
			t.Errorf("%s: %s, was %s", typ, got, want)
		}
	}
}
