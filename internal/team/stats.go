package team

import (
	"context"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/numbering"
)

// PortTime is how long ports of one country and number category took, from submission to
// completion, over a window.
type PortTime struct {
	Country  string
	Category string
	Count    int
	Median   time.Duration
	P90      time.Duration
}

// statsWindow and statsLimit bound the report: the last 90 days, the newest 20,000 ports.
const (
	statsWindow = 90 * 24 * time.Hour
	statsLimit  = 20_000
)

// PortTimes reports the median and 90th percentile time to port by country and category over
// the last 90 days, for the team.
func (s *Service) PortTimes(ctx context.Context, a domain.Actor) (_ []PortTime, err error) {
	defer desk.Wrap(&err, "time-to-port report")
	if err := desk.RequireStaff(a); err != nil {
		return nil, err
	}
	since := s.desk.Now().Add(-statsWindow)
	took := map[[2]string][]time.Duration{}
	var before int64
	seen := 0
	for seen < statsLimit {
		page, err := s.desk.Store.ListPortIns(ctx, domain.PortInFilter{Statuses: []domain.Status{domain.StatusCompleted}, BeforeID: before, Limit: 500})
		if err != nil {
			return nil, err
		}
		for _, p := range page {
			before = p.ID
			seen++
			if p.SubmittedAt == nil || p.UpdatedAt.Before(since) || p.FirstNumber == "" {
				continue
			}
			key := [2]string{countryOfNumber(p.FirstNumber, p.AccountCountry), string(numbering.Categorize(p.FirstNumber))}
			took[key] = append(took[key], p.UpdatedAt.Sub(*p.SubmittedAt))
		}
		if len(page) < 500 {
			break
		}
	}
	out := make([]PortTime, 0, len(took))
	for k, ds := range took {
		slices.Sort(ds)
		out = append(out, PortTime{Country: k[0], Category: k[1], Count: len(ds), Median: percentile(ds, 50), P90: percentile(ds, 90)})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Country != out[j].Country {
			return out[i].Country < out[j].Country
		}
		return out[i].Category < out[j].Category
	})
	return out, nil
}

// percentile is the nearest-rank percentile of sorted durations.
func percentile(sorted []time.Duration, p int) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := (p*len(sorted) + 99) / 100 // ceil(p/100 × n)
	return sorted[max(rank, 1)-1]
}

// countryOfNumber: +44 is GB; +1 is the account's country when it is the US or Canada.
func countryOfNumber(e164 string, account domain.Country) string {
	switch {
	case strings.HasPrefix(e164, "+44"):
		return "GB"
	case strings.HasPrefix(e164, "+1"):
		if account == "CA" {
			return "CA"
		}
		return "US"
	}
	return "other"
}
