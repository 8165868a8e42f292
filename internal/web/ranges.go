package web

import "net/http"

// rangeData shows the porting team which number-range registers the checks read and how old
// they are: without them every UK range holder is unknown and lead times assume.
func (u *ui) rangeData(w http.ResponseWriter, r *http.Request, s *session) {
	rd, err := u.app.PortIns.RangeData(s.actor)
	if err != nil {
		u.fail(w, r, s, err)
		return
	}
	u.render(w, r, s, http.StatusOK, "ranges", "Range data", &rd)
}
