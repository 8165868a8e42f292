package team

import (
	"time"

	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/leadtime"
)

// stuckAfter is how many business days a request may wait without a FOC before it is
// flagged and the team reminded (Config.StuckAfterDays).
const defaultStuckAfter = 5

// QueueInfo is what the team's queue says of a request beyond its fields: how old it is in
// business days, and why it is overdue, if it is.
type QueueInfo struct {
	AgeDays int    // business days since submission; 0 for drafts
	Overdue string // empty when it is not
}

// OverdueCut bounds what Queue flags as overdue, so that the queue's "overdue" filter reads
// from the database rather than dropping rows from a page it read: every overdue request is
// within it. It counts weekends only (a holiday only makes a request younger) and leaves
// a day either side for the countries' time zones; Queue then says which truly are.
func (s *Service) OverdueCut() domain.OverdueCut {
	now := s.desk.Now()
	d := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	for n := 0; n < s.cfg.StuckAfterDays; d = d.AddDate(0, 0, -1) {
		if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
			n++
		}
	}
	return domain.OverdueCut{FOCBefore: now.Add(-time.Hour), SubmittedBefore: d.AddDate(0, 0, 2)}
}

// Queue works out a request's age and flags on the service's clock and its country's calendar.
func (s *Service) Queue(p domain.PortIn, country domain.Country) QueueInfo {
	var q QueueInfo
	if p.SubmittedAt == nil || !p.Status.Open() {
		return q
	}
	now := s.desk.Now()
	q.AgeDays = leadtime.BusinessDaysBetween(string(country), *p.SubmittedAt, now)
	switch {
	case p.Status == domain.StatusScheduled && p.FOC != nil && now.After(p.FOC.Add(time.Hour)):
		q.Overdue = "FOC passed, not completed"
	case (p.Status == domain.StatusSubmitted || p.Status == domain.StatusInProgress) && q.AgeDays > s.cfg.StuckAfterDays:
		q.Overdue = "No FOC after " + domain.Plural(q.AgeDays, "business day")
	}
	return q
}
