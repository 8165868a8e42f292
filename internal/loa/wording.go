package loa

import (
	"fmt"
	"slices"

	"github.com/portdesk/portdesk/internal/domain"
)

// wording is what differs between the kinds of letter: the title, what the main number is
// called, the paper size of the country and the authorisation itself.
type wording struct {
	Title         string
	Regime        string // the rules the port is made under, one line under the title
	BTNLabel      string
	Letter        bool // US Letter paper; A4 otherwise
	Authorisation []string
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func wordingFor(l Letter) wording {
	w := wordingOf(l)
	// Without a port type yet (a draft's preview) the letter says nothing of its scope.
	w.Authorisation = slices.DeleteFunc(w.Authorisation, func(p string) bool { return p == "" })
	return w
}

func wordingOf(l Letter) wording {
	op := orDefault(l.Operator.Name, "the gaining provider")
	losing := orDefault(l.LosingProvider, "the losing provider")
	customer := orDefault(l.CustomerName, "the customer")
	n := len(l.Numbers)
	numbers, move, are := fmt.Sprintf("the %d telephone numbers listed in this letter", n), "move", "are every number"
	these := "these numbers"
	if n == 1 {
		numbers, move, are, these = "the telephone number listed in this letter", "moves", "is the only number", "this number"
	}
	var scope string
	switch {
	case l.Split():
		// One order's letter never speaks for the account alone: the other orders' numbers
		// move too, on their own letters.
		others := "the other letter"
		if l.Orders > 2 {
			others = fmt.Sprintf("the other %d letters", l.Orders-1)
		}
		order := fmt.Sprintf("Request %d is made as %d orders, each with its own letter of authorisation: this letter is order %d of %d and lists only the numbers of that order.", l.RequestID, l.Orders, l.Order, l.Orders)
		switch l.PortType {
		case domain.PortPartial:
			scope = order + fmt.Sprintf(" This is a partial port: only the numbers listed in this letter and in %s of request %d move; every other number and service on the account stays with %s.", others, l.RequestID, losing)
		case domain.PortFull:
			scope = order + fmt.Sprintf(" This is a full port: %s, with those listed in %s of request %d, are every number on the account, and the account with %s, with any lines, broadband and other services that depend on them, will end when the port completes.", numbers, others, l.RequestID, losing)
		default:
			scope = order
		}
	case l.PortType == domain.PortPartial:
		scope = fmt.Sprintf("This is a partial port: only %s %s; every other number and service on the account stays with %s.", numbers, move, losing)
	case l.PortType == domain.PortFull:
		scope = fmt.Sprintf("This is a full port: %s %s on the account, and the account with %s, with any lines, broadband and other services that depend on %s, will end when the port completes.", numbers, are, losing, these)
	}
	switch l.Type {
	case domain.LOAUKGeographic:
		return wording{Title: "Letter of Authority", Regime: "Porting of UK geographic numbers (Ofcom General Condition B3)", BTNLabel: "Main billing number (MBN)",
			Authorisation: []string{
				fmt.Sprintf("I, the authorised signatory of %s, authorise %s and its agents to act on our behalf to arrange the porting of %s from %s to %s.", customer, op, numbers, losing, op),
				fmt.Sprintf("I confirm that %s is the subscriber of "+these+" with %s, that I am authorised to make this request on its behalf, and that the name, addresses, account number and main billing number above are exactly as %s holds them.", customer, losing, losing),
				scope,
				fmt.Sprintf("I understand that any contract with %s, its notice period and any early termination charges remain our responsibility, and that we should keep our service with %s active until the port completes.", losing, losing),
			}}
	case domain.LOAUKNonGeographic:
		return wording{Title: "Letter of Authority", Regime: "Porting of UK non-geographic numbers: freephone (080) and national (03, 084, 087)", BTNLabel: "Main billing number (MBN)",
			Authorisation: []string{
				fmt.Sprintf("I, the authorised signatory of %s, authorise %s and its agents to act on our behalf to arrange the porting of %s from %s to %s, with the range holder where it is not %s.", customer, op, numbers, losing, op, losing),
				fmt.Sprintf("I confirm that %s is the subscriber of "+these+" with %s, that I am authorised to make this request on its behalf, and that the details above are exactly as %s holds them.", customer, losing, losing),
				scope,
				"I understand that the routing plan, any service charge and the call prices of " + these + " are set by the new provider once the port completes, and that callers may be charged differently from then on.",
				fmt.Sprintf("I understand that any contract with %s and any early termination charges remain our responsibility, and that we should keep our service with %s active until the port completes.", losing, losing),
			}}
	case domain.LOAUSLocal:
		return wording{Title: "Letter of Agency", Regime: "Local number portability (47 U.S.C. § 251(b)(2))", BTNLabel: "Billing telephone number (BTN)", Letter: true,
			Authorisation: []string{
				fmt.Sprintf("I, the undersigned, authorize %s to act as my agent to port %s from %s, my current local service provider, to %s, and to make the necessary changes with %s on my behalf.", op, numbers, losing, op, losing),
				fmt.Sprintf("I certify that I am the account holder of "+these+", or am authorized to act for %s, the account holder, and that the name, service address, account number and billing telephone number above match the records of %s (its customer service record).", customer, losing),
				scope,
				fmt.Sprintf("I understand that the services with %s on "+these+", including long distance, directory listings and features, will end when the port completes; that %s may charge early termination or other fees; and that I should keep my service with %s active until the port completes.", losing, losing, losing),
			}}
	case domain.LOAUSTollFree:
		// 47 CFR 64.1130(e): billing name and address and each number covered; the decision
		// to change; the new provider designated as agent; one provider per number; a change
		// may involve a charge. And (a)/(b): a separate document, signed and dated.
		return wording{Title: "Letter of Agency", Regime: "Change of Responsible Organization for toll-free numbers (47 CFR 64.1130)", BTNLabel: "Billing telephone number (BTN)", Letter: true,
			Authorisation: []string{
				fmt.Sprintf("This letter of agency is a separate document whose sole purpose is to authorize a change of the provider of toll-free service for %s. The subscriber's billing name and address and each toll-free number covered are shown in this letter.", numbers),
				fmt.Sprintf("I, the undersigned, have decided to change the provider of toll-free service for "+these+" from %s to %s.", losing, op),
				fmt.Sprintf("I designate %s to act as my agent for this change, and authorize it to change the Responsible Organization (RespOrg) of "+these+" in the toll-free number database and to make the necessary arrangements with %s.", op, losing),
				"I understand that only one provider may be designated as the toll-free service provider for any one telephone number.",
				"I understand that any change of provider may involve a one-time charge to me, and that my current provider may charge early termination fees.",
				fmt.Sprintf("I certify that I am authorized to act for %s, the subscriber of "+these+".", customer),
			}}
	case domain.LOACanada:
		return wording{Title: "Letter of Agency", Regime: "Local number portability in Canada (CRTC)", BTNLabel: "Billing telephone number (BTN)", Letter: true,
			Authorisation: []string{
				fmt.Sprintf("I, the undersigned, authorize %s to act as my agent to port %s from %s, my current local service provider, to %s, under the Canadian local number portability rules of the CRTC.", op, numbers, losing, op),
				fmt.Sprintf("I certify that I am the account holder of "+these+", or am authorized to act for %s, the account holder, and that the details above match the records of %s.", customer, losing),
				scope,
				fmt.Sprintf("I understand that the services with %s on "+these+" will end when the port completes, that %s may charge early termination or other fees, and that I should keep my service active until the port completes.", losing, losing),
			}}
	}
	return wording{Title: "Letter of Authorisation", Regime: "International port: paperwork agreed with the porting team", BTNLabel: "Main account number",
		Authorisation: []string{
			fmt.Sprintf("I, the authorised signatory of %s, authorise %s and its agents to act on our behalf to port %s from %s to %s.", customer, op, numbers, losing, op),
			fmt.Sprintf("I confirm that %s is the subscriber of "+these+" with %s, that I am authorised to make this request, and that the details above are exactly as %s holds them.", customer, losing, losing),
			scope,
			fmt.Sprintf("I understand that any contract with %s and its charges remain our responsibility, and that we should keep our service active until the port completes.", losing),
		}}
}
