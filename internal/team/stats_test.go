package team

import (
	"testing"
	"time"
)

func TestPercentile(t *testing.T) {
	t.Parallel()
	var ds []time.Duration
	for i := 1; i <= 10; i++ {
		ds = append(ds, time.Duration(i)*time.Hour)
	}
	if got := percentile(ds, 50); got != 5*time.Hour {
		t.Errorf("median = %v", got)
	}
	if got := percentile(ds, 90); got != 9*time.Hour {
		t.Errorf("p90 = %v", got)
	}
	if got := percentile(ds[:1], 90); got != time.Hour {
		t.Errorf("one value: %v", got)
	}
	if got := percentile(nil, 50); got != 0 {
		t.Errorf("none: %v", got)
	}
}
