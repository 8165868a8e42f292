package desk

import (
	"context"
	"strings"

	"github.com/portdesk/portdesk/internal/domain"
)

// SearchNumber reads a number typed into a search box: in E.164 when it reads as a whole
// number in the actor's country (the team's: GB), else the digits it holds, so a fragment
// still finds the numbers it is part of. Text without a digit is refused on field.
func (d *Desk) SearchNumber(ctx context.Context, v *domain.Validation, a domain.Actor, field, typed string) string {
	if typed = strings.TrimSpace(typed); typed == "" {
		return ""
	}
	if parsed, err := d.Numbers.Parse(typed, d.CountryOf(ctx, a)); err == nil {
		return parsed.E164
	}
	digits := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, typed)
	if digits == "" {
		v.Add(field, "invalid", "Search by a number or some of its digits.")
	}
	return digits
}

// CountryOf is the country an actor's typed numbers are read in: its account's, and GB for
// the team (national formats the team types).
func (d *Desk) CountryOf(ctx context.Context, a domain.Actor) domain.Country {
	if a.AccountID != 0 {
		if acc, err := d.Store.Account(ctx, a.AccountID); err == nil {
			return acc.Country
		}
	}
	return domain.CountryGB
}
