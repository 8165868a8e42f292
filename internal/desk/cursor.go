package desk

import (
	"encoding/base64"
	"strconv"

	"github.com/portdesk/portdesk/internal/domain"
)

// Cursor is the opaque cursor of a list page that ends with the row id.
func Cursor(id int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte(strconv.FormatInt(id, 10)))
}

// ReadCursor reads a cursor Cursor gave out, adding a field error to v for any other.
func ReadCursor(cursor string, v *domain.Validation) int64 {
	b, err := base64.RawURLEncoding.DecodeString(cursor)
	id, err2 := strconv.ParseInt(string(b), 10, 64)
	if err != nil || err2 != nil || id <= 0 {
		v.Add("cursor", "invalid", "This cursor is not one PortDesk gave out.")
	}
	return id
}
