package domain

import (
	"slices"
	"time"
)

// Carrier is an upstream porting desk the team sends orders to: by email, with the order
// package (signed LOA, bill, numbers, summary).
type Carrier struct {
	ID         int64
	Name       string
	Email      string   // its porting desk's address
	Countries  []string // ISO codes it takes ports from; empty: any
	Categories []string // number categories it takes (geographic, freephone…); empty: any
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// Takes reports whether the carrier takes numbers of a country and category.
func (c Carrier) Takes(country, category string) bool {
	return (len(c.Countries) == 0 || slices.Contains(c.Countries, country)) &&
		(len(c.Categories) == 0 || slices.Contains(c.Categories, category))
}
