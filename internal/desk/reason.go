package desk

import "github.com/portdesk/portdesk/internal/domain"

// StatusReason reads the reason typed for a status change (why a port was cancelled, why
// the team authorized over a failed check): the one text rule, over several lines, as long
// as emails and timelines can show.
func StatusReason(reason string) (string, error) {
	var v domain.Validation
	reason = v.Text("reason", reason, domain.ReasonText)
	return reason, v.Err(domain.ErrInvalid, "the reason is not valid")
}
