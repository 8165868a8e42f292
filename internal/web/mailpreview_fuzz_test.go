package web

import (
	"strings"
	"testing"
)

// The preview parser reads files of the mail folder; whatever is in one, it must end
// without panicking and every attachment it names must be one it can hand out.
func FuzzParseMail(f *testing.F) {
	f.Add("Subject: hi\r\n\r\nbody")
	f.Add("Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/html\r\n\r\n<p>x</p>\r\n--b\r\nContent-Disposition: attachment; filename=a.csv\r\nContent-Transfer-Encoding: base64\r\n\r\nPTE=\r\n--b--\r\n")
	f.Add("Content-Type: multipart/alternative; boundary=\"\"\r\n\r\n--\r\n")
	f.Fuzz(func(t *testing.T, eml string) {
		v, err := parseMail(strings.NewReader(eml))
		if err != nil {
			return
		}
		for _, a := range v.Attachments {
			if got, ok := v.attachment(a.Index); !ok || got.Name != a.Name {
				t.Fatalf("attachment %d cannot be found again", a.Index)
			}
		}
	})
}
