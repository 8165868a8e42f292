package domain

import "fmt"

// UKOrder is the kind of order a UK fixed-line port goes as: PRO when the losing provider is
// the range holder, SUP (subsequent) when it is not, three working days longer.
type UKOrder string

const (
	OrderPRO UKOrder = "pro"
	OrderSUP UKOrder = "sup"
)

// ParseUKOrder reads "pro" or "sup", as a setting names them.
func ParseUKOrder(s string) (UKOrder, error) {
	switch o := UKOrder(s); o {
	case OrderPRO, OrderSUP:
		return o, nil
	}
	return "", fmt.Errorf("%q is not a UK order type: sup or pro", s)
}
