package portability

import (
	"bytes"
	"strings"
	"testing"

	"github.com/portdesk/portdesk/internal/domain"
)

func TestResultWriter(t *testing.T) {
	t.Parallel()
	a, b := domain.Check{Input: "=1+1", E164: "+441134960001"}, domain.Check{Input: "2"}
	for _, tt := range []struct {
		format  Format
		checks  []domain.Check
		stopped string
		want    string
	}{
		{FormatJSON, nil, "", "[]\n"},
		{FormatNDJSON, nil, "", ""},
		{FormatCSV, nil, "", "input,e164,valid,country,category,portable,reasons,message,route,range_holder,range_holder_source,loa_type,requires,conflicts,sms,suggestion\r\n"},
		{FormatJSON, []domain.Check{a, b}, "", "[\n{\"input\":\"=1+1\","},
		{FormatJSON, []domain.Check{a, b}, "", "},\n{\"input\":\"2\","},
		{FormatNDJSON, []domain.Check{a}, "too many", "}\n{\"after\":1,\"error\":\"too many\"}\n"},
		{FormatCSV, []domain.Check{a}, "too many", "'=1+1,+441134960001,false"},
		{FormatCSV, []domain.Check{a}, "too many", "#error,too many,1\r\n"},
	} {
		var buf bytes.Buffer
		w, err := NewResultWriter(&buf, tt.format)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range tt.checks {
			if err := w.Write(c); err != nil {
				t.Fatal(err)
			}
		}
		if tt.stopped != "" {
			if err := w.Stopped(tt.stopped); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		got := buf.String()
		if tt.want == "" && got != "" || !strings.Contains(got, tt.want) {
			t.Errorf("%s %d checks: %q does not hold %q", tt.format, len(tt.checks), got, tt.want)
		}
	}
	if _, err := NewResultWriter(&bytes.Buffer{}, "xml"); err == nil {
		t.Error("an unknown format was taken")
	}
}
