package notify_test

import (
	"strings"
	"testing"
	"time"

	"github.com/portdesk/portdesk/internal/notify"
)

func TestInvitation(t *testing.T) {
	t.Parallel()
	inv := notify.Invitation{UID: "port-in-42@portdesk.example", Sequence: 7, Start: time.Date(2026, 12, 3, 14, 30, 0, 0, time.UTC),
		Summary: "Port of 3 numbers, request 42; Acme, Ltd", Description: "Keep your service with BT active until the port completes.\nSecond line " + strings.Repeat("é", 60),
		Stamp: time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)}
	ics := string(inv.ICS())
	unfolded := strings.ReplaceAll(ics, "\r\n ", "")
	for _, want := range []string{"BEGIN:VCALENDAR\r\n", "UID:port-in-42@portdesk.example\r\n", "SEQUENCE:7\r\n", "DTSTART:20261203T143000Z\r\n",
		"DTEND:20261203T153000Z\r\n", `SUMMARY:Port of 3 numbers\, request 42\; Acme\, Ltd`, `active until the port completes.\nSecond line`, "END:VCALENDAR\r\n"} {
		if !strings.Contains(unfolded, want) {
			t.Errorf("missing %q in\n%s", want, ics)
		}
	}
	for _, l := range strings.Split(strings.TrimSuffix(ics, "\r\n"), "\r\n") {
		if len(l) > 75 {
			t.Errorf("line of %d octets: %q", len(l), l)
		}
	}
	if !strings.Contains(unfolded, strings.Repeat("é", 60)) {
		t.Error("folding broke a UTF-8 character")
	}
}
