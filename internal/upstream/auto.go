package upstream

import (
	"context"
	"slices"

	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/domain"
)

// AutoSend sends a request just submitted to the API carrier that takes its country without
// the team (the first by name, when several do), as the team's own send would: the request
// goes in progress and the carrier's order is made by the job that send enqueues. A request
// the team has moved on meanwhile is left to them.
func (s *Service) AutoSend(ctx context.Context, args domain.CarrierAutoArgs) (err error) {
	defer desk.Wrap(&err, "send port-in request %d to a carrier without the team", args.PortInID)
	p, err := s.desk.Store.PortIn(ctx, args.PortInID)
	if domain.IsCode(err, domain.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if p.Status != domain.StatusSubmitted {
		return nil
	}
	country, err := s.portins.Country(ctx, s.desk.Store, p)
	if err != nil {
		return err
	}
	cs, err := s.desk.Store.Carriers(ctx)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(cs, func(c domain.Carrier) bool {
		return c.AutoSend && c.Kind.ByAPI() && c.CredentialsSetAt != nil && (len(c.Countries) == 0 || slices.Contains(c.Countries, string(country)))
	})
	if i < 0 {
		return nil
	}
	_, err = s.team.SendToCarrier(ctx, desk.System(), p.ID, p.Version, cs[i].ID)
	return err
}
