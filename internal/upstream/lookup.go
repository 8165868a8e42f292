package upstream

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/domain"
)

// LookUp asks the API carrier that answers for US and Canadian numbers about numbers just
// added to a request or checked: who holds each now, whether it can port, and fast. Numbers
// it answered for within a day are not asked again; the rest go in as few calls as it takes.
// When it cannot be asked, each number keeps the failure (its check then says it went by the
// registers only), and the job fails to be tried again on River's backoff when the carrier
// was busy or down. A request whose
// numbers it says cannot port gets a note for the team; the customer reads it on each
// number's check, and submitting sets those numbers aside.
func (s *Service) LookUp(ctx context.Context, args domain.CarrierLookupArgs) (err error) {
	if args.PortInID != 0 {
		defer desk.Wrap(&err, "ask a carrier about the numbers of port-in request %d", args.PortInID)
	} else {
		defer desk.Wrap(&err, "ask a carrier about %s checked", domain.Plural(len(args.Numbers), "number"))
	}
	numbers := args.Numbers
	if args.PortInID != 0 {
		ns, err := s.desk.Store.PortInNumbers(ctx, args.PortInID)
		if domain.IsCode(err, domain.ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		for _, n := range ns {
			if n.Status != domain.NumberSetAside && n.Status != domain.NumberPorted {
				numbers = append(numbers, n.Number)
			}
		}
	}
	numbers = slices.DeleteFunc(slices.Clone(numbers), func(n string) bool { return !strings.HasPrefix(n, "+1") })
	if len(numbers) == 0 {
		return nil
	}
	ss, look, err := s.lookupCarrier(ctx)
	if err != nil || look == nil {
		return err
	}
	ask, err := s.unanswered(ctx, numbers)
	if err != nil || len(ask) == 0 {
		return err
	}
	defer func() {
		if args.PortInID == 0 {
			ss.calls = nil // a list checked on its own has no request to log the calls on
		}
		if kerr := s.keep(context.WithoutCancel(ctx), ss, args.PortInID); err == nil {
			err = kerr
		}
	}()
	now := s.desk.Now()
	facts, lerr := look.LookUp(ctx, ask)
	if lerr != nil {
		failed := make([]domain.CarrierNumberFacts, len(ask))
		for i, n := range ask {
			failed[i] = domain.CarrierNumberFacts{Number: n, CarrierID: ss.carrier.ID, CarrierName: ss.carrier.Name, Error: domain.MessageOf(lerr), AskedAt: now}
		}
		if err := s.desk.Store.PutCarrierNumberFacts(ctx, failed); err != nil {
			return err
		}
		if domain.IsCode(lerr, domain.ErrUnavailable) {
			return lerr // busy or down: River asks again later
		}
		s.desk.Log.Warn("a carrier refused to answer about numbers", "carrier", ss.carrier.ID, "err", lerr)
		return nil // refused (a bad key, a number it will not take): asking again would be refused again
	}
	for i := range facts {
		facts[i].CarrierID, facts[i].CarrierName, facts[i].AskedAt = ss.carrier.ID, ss.carrier.Name, now
	}
	if err := s.desk.Store.PutCarrierNumberFacts(ctx, facts); err != nil {
		return err
	}
	return s.tellTeam(ctx, args.PortInID, ss.carrier.Name, facts)
}

// lookupCarrier is the first API carrier (by name) with its key set that takes US or
// Canadian numbers and whose connector can look numbers up; none is no lookup at all.
func (s *Service) lookupCarrier(ctx context.Context) (*session, domain.NumberLookup, error) {
	cs, err := s.desk.Store.Carriers(ctx)
	if err != nil {
		return nil, nil, err
	}
	for _, c := range cs {
		if !c.MayLookUpNANP() {
			continue
		}
		ss, err := s.connect(c)
		if err != nil {
			s.desk.Log.Warn("a carrier cannot be asked about numbers", "carrier", c.ID, "err", err)
			continue
		}
		if look, ok := ss.Connector.(domain.NumberLookup); ok {
			return ss, look, nil
		}
	}
	return nil, nil, nil
}

// unanswered are the numbers (each once, up to the limit) without an answer from within a day.
func (s *Service) unanswered(ctx context.Context, numbers []string) ([]string, error) {
	kept, err := s.desk.Store.CarrierNumberFacts(ctx, numbers)
	if err != nil {
		return nil, err
	}
	now := s.desk.Now()
	seen := map[string]bool{}
	var ask []string
	for _, n := range numbers {
		if f, ok := kept[n]; seen[n] || (ok && f.Fresh(now)) {
			continue
		}
		seen[n] = true
		if ask = append(ask, n); len(ask) == s.desk.Limits.MaxCarrierLookups {
			break
		}
	}
	return ask, nil
}

// tellTeam notes on the request the numbers the carrier says cannot port, in its words.
func (s *Service) tellTeam(ctx context.Context, portInID int64, carrier string, facts []domain.CarrierNumberFacts) error {
	var lines []string
	for _, f := range facts {
		if !f.Portable {
			lines = append(lines, f.Number+": "+domain.CarrierSaysLabel(carrier, domain.CarrierSaysNotPortable, f.NotPortableReason))
		}
	}
	if portInID == 0 || len(lines) == 0 {
		return nil
	}
	body := desk.Truncate(fmt.Sprintf("%s says %s cannot port: %s", carrier, domain.Plural(len(lines), "number"), strings.Join(lines, "; ")), 900)
	_, err := s.portins.AddNote(ctx, desk.System(), portInID, body, true)
	if domain.IsCode(err, domain.ErrNotFound) {
		return nil
	}
	return err
}
