package web

import (
	"net/http"

	"github.com/portdesk/portdesk/internal/team"
)

// timeToPort is the team's report: median and 90th percentile time to port by country and
// category over the last 90 days.
func (u *ui) timeToPort(w http.ResponseWriter, r *http.Request, s *session) {
	rows, err := u.app.Team.PortTimes(r.Context(), s.actor)
	if err != nil {
		u.fail(w, r, s, err)
		return
	}
	u.render(w, r, s, http.StatusOK, "reports", "Time to port", &reportPage{Rows: rows})
}

type reportPage struct{ Rows []team.PortTime }
