package loa

import (
	"bytes"
	"flag"
	"fmt"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"github.com/portdesk/portdesk/internal/documents"
	"github.com/portdesk/portdesk/internal/domain"
)

var update = flag.Bool("update", false, "rewrite the first-page images in testdata")

// Each kind of letter carries every section a losing provider checks, in its own words.
func TestLettersByType(t *testing.T) {
	t.Parallel()
	tests := []struct {
		typ      domain.LOAType
		paper    string
		phrases  []string
		provider string
	}{
		{domain.LOAUKGeographic, "595 x 842", []string{"Letter of Authority", "UK geographic", "Main billing number (MBN)", "+44 113 496 0001", "keep our service with"}, "British Telecommunications plc"},
		{domain.LOAUKNonGeographic, "595 x 842", []string{"Letter of Authority", "non-geographic", "freephone", "range holder", "+44 800 496 0001", "service charge"}, "British Telecommunications plc"},
		{domain.LOAUSLocal, "612 x 792", []string{"Letter of Agency", "Local number portability", "Billing telephone number (BTN)", "+1 212-555-0001", "customer service record"}, "Verizon"},
		{domain.LOAUSTollFree, "612 x 792", []string{"Letter of Agency", "47 CFR 64.1130", "separate document", "billing name and address",
			"decided to change the provider of toll-free service", "act as my agent", "Responsible Organization (RespOrg)",
			"only one provider may be designated", "may involve a one-time charge", "+1 800-555-0001"}, "AT&T"},
		{domain.LOACanada, "612 x 792", []string{"Letter of Agency", "CRTC", "Billing telephone number (BTN)", "+1 416-555-0001"}, "Verizon"},
		{domain.LOAInternational, "595 x 842", []string{"Letter of Authorisation", "International"}, "British Telecommunications plc"},
	}
	for _, tt := range tests {
		t.Run(string(tt.typ), func(t *testing.T) {
			t.Parallel()
			l := sample(tt.typ, 3)
			pdf := render(t, l, nil)
			text := pdfText(t, pdf)
			flat := strings.Join(strings.Fields(text), " ")
			want := append([]string{"Infinity Telecom Ltd", "2 Porting Way", tt.provider, "Acme Widgets Ltd",
				"The same as the billing address", "AC-998877", "Partial: only the numbers listed move", displayNumber(l.BTN), "Tuesday 8 December 2026",
				"Jane Doe, Head of IT", "jane@acme.example", "Numbers to port (3)", "Authorisation", "Signature", "Request 42",
				"Page 1 of 1", "Content SHA-256 " + ContentSHA256(l)}, tt.phrases...)
			for _, w := range want {
				if !strings.Contains(flat, w) {
					t.Errorf("the letter does not say %q", w)
				}
			}
			if strings.Contains(flat, "Signature certificate") {
				t.Error("an unsigned letter has a certificate page")
			}
			if info := strings.Join(strings.Fields(pdfInfo(t, pdf)), " "); !strings.Contains(info, "Page size: "+tt.paper) {
				t.Errorf("paper: %s", info)
			}
			// A letter printed, signed and scanned back is uploaded as a signed_loa: ours must
			// pass our own checks.
			if in, _, err := documents.Inspect("loa.pdf", bytes.NewReader(pdf), documents.Limits{}); err != nil || in.Pages != 1 {
				t.Errorf("our own upload checks refuse the letter: %v (%d pages)", err, in.Pages)
			}
		})
	}
}

func TestFullPortWording(t *testing.T) {
	t.Parallel()
	l := sample(domain.LOAUKGeographic, 1)
	l.PortType = domain.PortFull
	flat := strings.Join(strings.Fields(pdfText(t, render(t, l, nil))), " ")
	for _, w := range []string{"Full: every number on the account moves and the account closes", "This is a full port: the telephone number listed in this letter is the only number on the account"} {
		if !strings.Contains(flat, w) {
			t.Errorf("missing %q", w)
		}
	}
	// A draft without a port type yet: the preview claims neither.
	l.PortType = ""
	flat = strings.Join(strings.Fields(pdfText(t, render(t, l, nil))), " ")
	if strings.Contains(flat, "This is a full port") || strings.Contains(flat, "This is a partial port") || !strings.Contains(flat, "port type not given") {
		t.Error("a letter without a port type states one")
	}
}

// Each order of a split request has its own letter, which describes that order: it never
// claims its numbers are every number on the account, and a partial port says the other
// orders' numbers move too. UK letters name the range holder (when the range data knows it)
// and the line type.
func TestLetterOfOneOrder(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		typ         domain.LOAType
		port        domain.PortType
		order       [2]int
		rangeHolder string
		want, not   []string
	}{
		{"UK partial, order 1 of 2", domain.LOAUKGeographic, domain.PortPartial, [2]int{1, 2}, "Virgin Media Ltd",
			[]string{"Request 42 · order 1 of 2 · 3 numbers · partial port", "Range holder Virgin Media Ltd", "Line type Multi-line",
				"Order 1 of 2: this letter lists only the numbers of this order",
				"this letter is order 1 of 2 and lists only the numbers of that order",
				"only the numbers listed in this letter and in the other letter of request 42 move; every other number"},
			[]string{"only the 3 telephone numbers listed in this letter move"}},
		{"UK full, order 2 of 3", domain.LOAUKGeographic, domain.PortFull, [2]int{2, 3}, "",
			[]string{"order 2 of 3", "Line type Multi-line", "Full: every number on the account moves, on the 3 letters of this request",
				"with those listed in the other 2 letters of request 42, are every number on the account"},
			[]string{"listed in this letter are every number", "Range holder"}},
		{"UK full, one order", domain.LOAUKNonGeographic, domain.PortFull, [2]int{0, 0}, "British Telecommunications plc",
			[]string{"Range holder British Telecommunications plc", "Line type Multi-line", "the 3 telephone numbers listed in this letter are every number on the account"},
			[]string{"order 1", "Order"}},
		{"US full, one order", domain.LOAUSLocal, domain.PortFull, [2]int{0, 0}, "",
			[]string{"the 3 telephone numbers listed in this letter are every number on the account"},
			[]string{"Range holder", "Line type", "Order"}},
		{"US toll-free, order 2 of 2", domain.LOAUSTollFree, domain.PortFull, [2]int{2, 2}, "",
			[]string{"Request 42 · order 2 of 2", "Order 2 of 2: this letter lists only the numbers of this order"},
			[]string{"Range holder", "Line type"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			l := sample(tt.typ, 3)
			l.PortType, l.Order, l.Orders, l.RangeHolder, l.LineType = tt.port, tt.order[0], tt.order[1], tt.rangeHolder, domain.MultiLine
			flat := strings.Join(strings.Fields(pdfText(t, render(t, l, nil), "-layout")), " ")
			for _, w := range tt.want {
				if !strings.Contains(flat, w) {
					t.Errorf("the letter does not say %q", w)
				}
			}
			for _, w := range tt.not {
				if strings.Contains(flat, w) {
					t.Errorf("the letter says %q", w)
				}
			}
			if t.Failed() {
				t.Log(flat)
			}
		})
	}
}

func TestSignedLetterHasCertificate(t *testing.T) {
	t.Parallel()
	l := sample(domain.LOAUSLocal, 5)
	sig := signatureOf(t, l)
	pdf := render(t, l, sig)
	flat := strings.Join(strings.Fields(pdfText(t, pdf, "-layout")), " ")
	for _, w := range []string{"Signed electronically by /s/ Jane Doe, Head of IT", "24 November 2026, 10:30 UTC", "Signature certificate",
		"203.0.113.9", "Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0", "jane@acme.example", "2026-11-24T10:30:00Z (UTC)",
		"PortDesk user 7", "The hashes match", "Page 2 of 2"} {
		if !strings.Contains(flat, w) {
			t.Errorf("the signed letter does not say %q", w)
		}
	}
	if strings.Count(strings.ReplaceAll(flat, " ", ""), ContentSHA256(l)) < 3 { // footers and the certificate
		t.Error("the content hash is not on the certificate")
	}
	// The drawn signature appears under the letter and on the certificate.
	cmd := exec.Command(requireTool(t, "pdfimages"), "-list", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(out), "\n") - 2; n < 2 {
		t.Errorf("%d images in the signed letter, want the drawn signature twice:\n%s", n, out)
	}

	// Signed for other content: the certificate says so rather than vouching for it.
	old := *sig
	old.ContentSHA256 = ContentSHA256(sample(domain.LOAUSLocal, 4))
	flat = strings.Join(strings.Fields(pdfText(t, render(t, l, &old))), " ")
	if !strings.Contains(flat, "The hashes differ") {
		t.Error("a signature of different content is presented as matching")
	}
}

// Names in right-to-left and non-Latin scripts and long addresses come out as entered.
func TestScriptsAndLongAddresses(t *testing.T) {
	t.Parallel()
	l := sample(domain.LOAInternational, 2)
	l.CustomerName = "חברת הטלפונים בע״מ"
	l.LosingProvider = "شركة الاتصالات"
	l.AuthorisedPerson = domain.Person{Name: "Αθηνά Παπαδοπούλου", Title: "Директор по связи", Email: "athina@example.gr"}
	long := strings.Repeat("Unit 4, The Old Exchange Building, Long Industrial Estate Road, ", 5) + "Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch"
	l.BillingAddress = domain.Address{Line1: long, Line2: "Zażółć gęślą jaźń", City: "Ανατολική Αθήνα", Postcode: "11525", Country: "GR"}
	pdf := render(t, l, signatureOf(t, l))
	text := norm.NFKC.String(pdfText(t, pdf)) // Arabic presentation forms back to letters
	flat := strings.Join(strings.Fields(text), " ")
	for _, w := range []string{"Αθηνά Παπαδοπούλου", "Директор по связи", "Zażółć gęślą jaźń", "Ανατολική Αθήνα", "Llanfairpwllgwyngyllgogerychwyrndrobwllll"} {
		if !strings.Contains(flat, w) {
			t.Errorf("missing %q", w)
		}
	}
	// Right-to-left words are drawn reversed: whichever order the extractor reads them in,
	// every word must be there with its letters.
	for _, w := range []string{"חברת", "הטלפונים", "شركة", "الاتصالات"} {
		if !strings.Contains(text, w) && !strings.Contains(text, reverse(w)) {
			t.Errorf("missing the right-to-left word %q", w)
		}
	}
	if n := strings.Count(flat, "Old Exchange Building"); n != 5 {
		t.Errorf("the long address shows %d of its 5 parts", n)
	}
}

func reverse(s string) string {
	r := []rune(s)
	for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
		r[i], r[j] = r[j], r[i]
	}
	return string(r)
}

func TestTenThousandNumbers(t *testing.T) {
	t.Parallel()
	l := sample(domain.LOAUKGeographic, 10_000)
	pdf := render(t, l, signatureOf(t, l))
	text := pdfText(t, pdf, "-layout")
	flat := strings.Join(strings.Fields(text), " ")
	for i, n := range l.Numbers {
		d := displayNumber(n)
		if !strings.Contains(flat, fmt.Sprintf("%d. %s", i+1, d)) {
			t.Fatalf("number %d (%s) is not in the letter", i+1, d)
		}
	}
	pages := strings.Count(text, "\f")
	if pages < 20 || !strings.Contains(flat, fmt.Sprintf("Page %d of %d", pages, pages)) || !strings.Contains(flat, "Numbers to port (10000)") {
		t.Errorf("%d pages; the last is not numbered as such", pages)
	}
	if !strings.Contains(flat, "Numbers to port (continued: ") || !strings.Contains(flat, " to 10000 of 10000)") {
		t.Error("continued pages do not say which numbers they hold")
	}
	if _, _, err := documents.Inspect("loa.pdf", bytes.NewReader(pdf), documents.Limits{}); err != nil {
		t.Errorf("our own upload checks refuse the letter: %v", err)
	}
	if _, _, err := documents.Inspect("loa.pdf", bytes.NewReader(pdf), documents.Limits{MaxPages: 10}); err == nil || !strings.Contains(err.Error(), "pages") {
		t.Errorf("a page limit of 10 let %d pages through: %v", pages, err)
	}
}

// Characters no font has would print as empty boxes: no letter is written, and the error
// says what to do. With a font that has them, the letter is written.
func TestCharactersWithoutAFont(t *testing.T) {
	t.Parallel()
	l := sample(domain.LOAUKGeographic, 1)
	l.CustomerName = "山田電話株式会社"
	err := Render(&bytes.Buffer{}, l, nil)
	if !domain.IsCode(err, domain.ErrUnsupportedContent) || !strings.Contains(err.Error(), "--loa-fonts") || !strings.Contains(err.Error(), "山") {
		t.Fatalf("err = %v", err)
	}
	const droid = "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"
	font, err := os.ReadFile(droid)
	if err != nil {
		if os.Getenv("PORTDESK_REQUIRE_PDFTOOLS") != "" {
			t.Fatalf("%s: %v (apt-get install fonts-droid-fallback)", droid, err)
		}
		t.Skipf("no CJK font to fall back on: %v", err)
	}
	l.Operator.Fonts = [][]byte{font}
	if text := pdfText(t, render(t, l, nil)); !strings.Contains(text, "山田電話株式会社") {
		t.Error("with a CJK font the name is still not in the letter")
	}
}

// The first page of each kind of letter, rendered by pdftoppm, for a person to look at:
// testdata/first-page-*.png (rewritten with -update) and, in CI, $PORTDESK_ARTIFACTS.
func TestFirstPageImages(t *testing.T) {
	t.Parallel()
	dirs := []string{}
	if *update {
		dirs = append(dirs, "testdata")
	}
	if d := os.Getenv("PORTDESK_ARTIFACTS"); d != "" {
		dirs = append(dirs, d)
	}
	tool := requireTool(t, "pdftoppm")
	for _, typ := range []domain.LOAType{domain.LOAUKGeographic, domain.LOAUKNonGeographic, domain.LOAUSLocal, domain.LOAUSTollFree, domain.LOACanada, domain.LOAInternational} {
		l := sample(typ, 12)
		l.Operator.Logo = drawnSignature(t) // any PNG stands in for a logo
		cmd := exec.Command(tool, "-r", "50", "-f", "1", "-l", "1", "-png", "-")
		cmd.Stdin = bytes.NewReader(render(t, l, signatureOf(t, l)))
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("%s: pdftoppm: %v", typ, err)
		}
		img, err := png.Decode(bytes.NewReader(out))
		if err != nil {
			t.Fatal(err)
		}
		// Not blank: a good share of the page is ink.
		var dark int
		b := img.Bounds()
		for y := b.Min.Y; y < b.Max.Y; y++ {
			for x := b.Min.X; x < b.Max.X; x++ {
				if r, _, _, _ := img.At(x, y).RGBA(); r < 0x8000 {
					dark++
				}
			}
		}
		if dark < b.Dx()*b.Dy()/100 {
			t.Errorf("%s: the first page is nearly blank (%d dark pixels)", typ, dark)
		}
		for _, dir := range dirs {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "first-page-"+string(typ)+".png"), out, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// Direction marks, isolates, joiners and the byte-order mark have no glyph in any font: a
// name holding them (stored before the text rule refused the isolates, or a right-to-left
// name's marks, which it allows) still makes a letter, and they are not in it.
func TestInvisibleCharactersDoNotStopALetter(t *testing.T) {
	t.Parallel()
	l := sample(domain.LOAUKGeographic, 1)
	l.CustomerName = "\u2066Acme\u2069 Widgets\u200E Ltd\uFEFF"
	l.AuthorisedPerson.Name = "Jane\u200D \u202EDoe\u202C"
	l.BillingAddress.Line1 = "1 High Street\u200B"
	var b bytes.Buffer
	if err := Render(&b, l, signatureOf(t, l)); err != nil {
		t.Fatalf("a letter with invisible characters: %v", err)
	}
	flat := strings.Join(strings.Fields(pdfText(t, b.Bytes())), " ")
	for _, w := range []string{"Acme Widgets Ltd", "Jane Doe", "1 High Street"} {
		if !strings.Contains(flat, w) {
			t.Errorf("missing %q", w)
		}
	}
}
