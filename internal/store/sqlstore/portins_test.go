package sqlstore

import (
	"slices"
	"strings"
	"testing"
)

// A list's columns leave out what it does not show, whole columns only, and the places of
// those kept match them.
func TestLeaveOut(t *testing.T) {
	t.Parallel()
	cols, keep := leaveOut("p.a, COALESCE(p.b, 0), p.c,\n\tp.d", "p.c")
	if cols != "p.a, COALESCE(p.b, 0),\n\tp.d" || !slices.Equal(keep, []bool{true, true, false, true}) {
		t.Fatalf("got %q %v", cols, keep)
	}
	if got := kept([]any{1, 2, 3, 4}, keep); !slices.Equal(got, []any{1, 2, 4}) {
		t.Fatalf("kept %v", got)
	}
	if n := len(kept(new(portInRow).dest(), briefKeep)); n != strings.Count(briefPortInCols, ",")-strings.Count(briefPortInCols, "COALESCE")+1 {
		t.Fatalf("a brief list scans %d places for %q", n, briefPortInCols)
	}
	defer func() {
		if recover() == nil {
			t.Fatal("leaving out a column that is not there must not pass unnoticed")
		}
	}()
	leaveOut("p.a, p.b", "p.z")
}
