package portin

import (
	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/ranges"
)

// RangeData is what the portability checks know of number ranges.
type RangeData struct {
	ranges.Status
	// UnknownHolder is the order a UK lead time assumes where no range data names the range
	// holder.
	UnknownHolder domain.UKOrder
}

// RangeData says which register files the checks read, how many blocks and how old each
// register is, and what the checks assume without them. The porting team's only: the
// files and directories are the operator's business.
func (s *Service) RangeData(a domain.Actor) (_ RangeData, err error) {
	defer desk.Wrap(&err, "read the state of the range data")
	if err := desk.RequireStaff(a); err != nil {
		return RangeData{}, err
	}
	return RangeData{Status: s.checker.Ranges().Status(), UnknownHolder: s.checker.AssumesWhenHolderUnknown()}, nil
}
