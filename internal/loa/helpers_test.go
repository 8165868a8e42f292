package loa

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/portdesk/portdesk/internal/domain"
)

// requireTool finds a poppler tool, skipping when it is absent unless CI demands it.
func requireTool(t testing.TB, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("PORTDESK_REQUIRE_PDFTOOLS") != "" {
			t.Fatalf("%s not found and PORTDESK_REQUIRE_PDFTOOLS is set: apt-get install poppler-utils", name)
		}
		t.Skipf("%s not found: install poppler-utils to read generated letters back", name)
	}
	return p
}

// pdfText reads the text back out of a PDF, as a carrier's system would.
func pdfText(t testing.TB, pdf []byte, args ...string) string {
	t.Helper()
	cmd := exec.Command(requireTool(t, "pdftotext"), append(append([]string{"-q"}, args...), "-", "-")...)
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

func pdfInfo(t testing.TB, pdf []byte) string {
	t.Helper()
	cmd := exec.Command(requireTool(t, "pdfinfo"), "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdfinfo: %v", err)
	}
	return string(out)
}

func render(t testing.TB, l Letter, sig *Signature) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Render(&b, l, sig); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// sample is a complete letter of the given kind with n numbers of its country.
func sample(typ domain.LOAType, n int) Letter {
	l := Letter{Type: typ, Operator: Operator{Name: "Infinity Telecom Ltd", Address: "2 Porting Way\nLondon EC2A 4BX"},
		LosingProvider: "British Telecommunications plc", LosingProviderAddress: "1 Braham St, London E1 8EE",
		CustomerName: "Acme Widgets Ltd", BillingAddress: domain.Address{Line1: "1 High Street", City: "Leeds", Postcode: "LS1 4AP", Country: "GB"},
		AccountNumber: "AC-998877", BTN: "+441134960000", PortType: domain.PortPartial,
		AuthorisedPerson: domain.Person{Name: "Jane Doe", Title: "Head of IT", Email: "jane@acme.example"}, DesiredDate: "2026-12-08", RequestID: 42}
	prefix := "+44113496"
	switch typ {
	case domain.LOAUKNonGeographic:
		prefix = "+44800496"
	case domain.LOAUSLocal, domain.LOACanada:
		prefix = "+1212555"
		if typ == domain.LOACanada {
			prefix = "+1416555"
		}
		l.LosingProvider, l.LosingProviderAddress = "Verizon", ""
		l.BillingAddress = domain.Address{Line1: "350 Fifth Avenue", City: "New York", Region: "NY", Postcode: "10118", Country: "US"}
		l.BTN = prefix + "0000"
	case domain.LOAUSTollFree:
		prefix = "+1800555"
		l.LosingProvider, l.LosingProviderAddress = "AT&T", ""
		l.BTN = "+12125550000"
	}
	for i := range n {
		l.Numbers = append(l.Numbers, fmt.Sprintf("%s%04d", prefix, i%10000))
	}
	return l
}

func drawnSignature(t testing.TB) []byte {
	img := image.NewNRGBA(image.Rect(0, 0, 300, 100))
	for x := 10; x < 290; x++ {
		y := 50 + int(30*float64((x%60)-30)/30)
		img.Set(x, y, color.NRGBA{20, 30, 120, 255})
		img.Set(x, y+1, color.NRGBA{20, 30, 120, 255})
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func signatureOf(t testing.TB, l Letter) *Signature {
	return &Signature{SignerName: "Jane Doe", SignerTitle: "Head of IT", SignerEmail: "jane@acme.example", UserID: 7,
		IP: "203.0.113.9", UserAgent: "Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0", SignedAt: time.Date(2026, 11, 24, 10, 30, 0, 0, time.UTC),
		ContentSHA256: ContentSHA256(l), Drawn: drawnSignature(t)}
}
