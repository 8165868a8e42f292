package notify

import "fmt"

// PortInHeader is the header of an email about port-in request id: its link, and, for the
// customer's update recipients (not the team, not a carrier), why they get it.
func PortInHeader(operator string, id int64, url string, toCustomer bool) Header {
	h := Header{Operator: operator, URL: url, LinkLabel: fmt.Sprintf("Open request %d", id), LinkText: "Open the request"}
	if toCustomer {
		h.Why = fmt.Sprintf("You receive this because you created request %d or are one of its update recipients at %s.", id, operator)
	}
	return h
}

// PortOutHeader is the header of an email about port-out id: its link, and, for the admins
// of the account the numbers would leave, why they get it.
func PortOutHeader(operator, account string, id int64, url string, toAdmins bool) Header {
	h := Header{Operator: operator, URL: url, LinkLabel: fmt.Sprintf("Open port-out %d", id), LinkText: "Open the port-out"}
	if toAdmins {
		h.Why = fmt.Sprintf("You receive this because you are an admin of %s at %s: every admin hears of every port-out at once.", account, operator)
	}
	return h
}
