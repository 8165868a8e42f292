package portin

import (
	"strings"
	"time"

	"github.com/portdesk/portdesk/internal/domain"
)

// PortedNumbers are numbers of a request that went live together: when, who completed
// them, and how ("Completed at the FOC", the team's reason).
type PortedNumbers struct {
	At      time.Time
	By      string
	How     string
	Numbers []string
}

// portedFrom reads from the timeline when each ported number went live and who completed it:
// a partial completion names its numbers, and the completion takes the rest. Oldest first,
// as the timeline is.
func portedFrom(events []domain.PortInEvent, ns []domain.PortNumber) []PortedNumbers {
	ported := map[string]bool{}
	for _, n := range ns {
		if n.Status == domain.NumberPorted {
			ported[n.Number] = true
		}
	}
	if len(ported) == 0 {
		return nil
	}
	var out []PortedNumbers
	told := map[string]bool{}
	for _, e := range events {
		var numbers []string
		switch {
		case e.Type == domain.EventNumbersPorted:
			for _, n := range strings.Split(e.Reason, "\n") {
				if ported[n] && !told[n] {
					numbers = append(numbers, n)
				}
			}
		case e.Type == domain.EventStatusChanged && e.To == domain.StatusCompleted:
			for _, n := range ns {
				if ported[n.Number] && !told[n.Number] {
					numbers = append(numbers, n.Number)
				}
			}
		}
		if len(numbers) == 0 {
			continue
		}
		for _, n := range numbers {
			told[n] = true
		}
		how := e.Reason
		if e.Type == domain.EventNumbersPorted {
			how = "Completed before the rest of the request"
		}
		out = append(out, PortedNumbers{At: e.At, By: e.ActorName, How: how, Numbers: numbers})
	}
	return out
}
