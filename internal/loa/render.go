package loa

import (
	"bytes"
	"fmt"
	"image"
	_ "image/jpeg" // logos
	_ "image/png"  // logos and drawn signatures
	"io"
	"strings"
	"time"

	"github.com/nyaruka/phonenumbers"
	"github.com/signintech/gopdf"

	"github.com/portdesk/portdesk/internal/domain"
)

// Page geometry, in points.
const (
	margin     = 50.0
	footerH    = 30.0
	bodySize   = 10.0
	smallSize  = 8.0
	lineH      = 13.0
	labelW     = 165.0
	numberRowH = 13.0
)

// doc is one letter being written: the PDF, its fonts, and where the next line goes.
type doc struct {
	gp      *gopdf.GoPdf
	regular *faces
	bold    *faces
	missing map[rune]bool
	pageW   float64
	pageH   float64
	y       float64
	l       Letter
	w       wording
	hash    string
	running string // the running head of pages after the first
	err     error
}

// Render writes the letter as PDF to w. With a signature it shows the signature and adds a
// certificate page with the evidence; without one it leaves a signature block to sign by hand.
func Render(w io.Writer, l Letter, sig *Signature) error {
	d := &doc{gp: &gopdf.GoPdf{}, l: l, w: wordingFor(l), hash: ContentSHA256(l), missing: map[rune]bool{}}
	size := *gopdf.PageSizeA4
	if d.w.Letter {
		size = *gopdf.PageSizeLetter
	}
	d.pageW, d.pageH = size.W, size.H
	d.gp.Start(gopdf.Config{PageSize: size, Unit: gopdf.UnitPT})
	d.gp.SetInfo(gopdf.PdfInfo{Title: d.w.Title + " - request " + fmt.Sprint(l.RequestID), Author: l.Operator.Name,
		Subject: d.w.Regime, Creator: "PortDesk", CreationDate: creationDate(sig)})
	var err error
	if d.regular, err = loadFaces(d.gp, "r", dejaVuSans, l.Operator.Fonts); err != nil {
		return err
	}
	if d.bold, err = loadFaces(d.gp, "b", dejaVuSansBold, l.Operator.Fonts); err != nil {
		return err
	}
	d.running = fmt.Sprintf("%s · %s · request %d", d.w.Title, l.CustomerName, l.RequestID)

	d.newPage(true)
	d.header()
	d.details()
	d.numbers()
	d.authorisation()
	d.signatureBlock(sig)
	if sig != nil {
		d.certificate(sig)
	}
	if d.err != nil {
		return d.err
	}
	if len(d.missing) > 0 {
		return missingGlyphs(d.missing)
	}
	d.setFont(false, smallSize)
	if err := d.gp.FillInPlaceHoldText("pages", fmt.Sprint(d.gp.GetNumberOfPages()), gopdf.Left); err != nil {
		return err
	}
	_, err = d.gp.WriteTo(w)
	return err
}

// creationDate: a signed letter is dated by its signature, so the same letter renders the
// same; an unsigned one has no date of its own.
func creationDate(sig *Signature) time.Time {
	if sig != nil {
		return sig.SignedAt.UTC()
	}
	return time.Time{}
}

func (d *doc) fail(err error) {
	if err != nil && d.err == nil {
		d.err = err
	}
}

func (d *doc) setFont(bold bool, size float64) {
	fs := d.regular
	if bold {
		fs = d.bold
	}
	d.fail(d.gp.SetFont(fs.chain[0].family, "", size))
}

func (d *doc) faces(bold bool) *faces {
	if bold {
		return d.bold
	}
	return d.regular
}

// width measures a line of text as it will be drawn.
func (d *doc) width(s string, bold bool, size float64) float64 {
	fs := d.faces(bold)
	var w float64
	for _, seg := range fs.segments(visual(s), d.missing) {
		d.fail(d.gp.SetFont(fs.chain[seg.face].family, "", size))
		m, err := d.gp.MeasureTextWidth(seg.text)
		d.fail(err)
		w += m
	}
	return w
}

// text draws one line of text with its top at (x, y).
func (d *doc) text(x, y float64, s string, bold bool, size float64) {
	fs := d.faces(bold)
	for _, seg := range fs.segments(visual(s), d.missing) {
		d.fail(d.gp.SetFont(fs.chain[seg.face].family, "", size))
		d.gp.SetXY(x, y)
		d.fail(d.gp.Cell(nil, seg.text))
		m, err := d.gp.MeasureTextWidth(seg.text)
		d.fail(err)
		x += m
	}
}

// wrap breaks text into lines no wider than width, at spaces where it can.
func (d *doc) wrap(s string, width float64, bold bool, size float64) []string {
	var lines []string
	for _, para := range strings.Split(s, "\n") {
		words := strings.Fields(para)
		if len(words) == 0 {
			lines = append(lines, "")
			continue
		}
		cur := ""
		for _, word := range words {
			try := word
			if cur != "" {
				try = cur + " " + word
			}
			if d.width(try, bold, size) <= width {
				cur = try
				continue
			}
			if cur != "" {
				lines = append(lines, cur)
			}
			// A word wider than the line (a long email or URL) breaks anywhere.
			for d.width(word, bold, size) > width {
				rs := []rune(word)
				n := len(rs) - 1
				for n > 1 && d.width(string(rs[:n]), bold, size) > width {
					n--
				}
				lines = append(lines, string(rs[:n]))
				word = string(rs[n:])
			}
			cur = word
		}
		lines = append(lines, cur)
	}
	return lines
}

// ensure starts a new page unless h more points fit on this one.
func (d *doc) ensure(h float64) bool {
	if d.y+h <= d.pageH-margin-footerH {
		return false
	}
	d.newPage(false)
	return true
}

func (d *doc) newPage(first bool) {
	d.gp.AddPage()
	d.y = margin
	// Every page says what it belongs to, so a loose page can be matched to its letter.
	d.gp.SetTextColor(110, 110, 110)
	fy := d.pageH - margin + 8
	d.text(margin, fy, fmt.Sprintf("Content SHA-256 %s", d.hash), false, smallSize)
	page := fmt.Sprintf("Page %d of ", d.gp.GetNumberOfPages())
	px := d.pageW - margin - 60
	d.text(px, fy, page, false, smallSize)
	d.setFont(false, smallSize)
	// A placeholder is drawn from its baseline, a cell from its top: its baseline sits 0.76 em down.
	d.gp.SetXY(px+d.width(page, false, smallSize), fy+0.76*smallSize)
	d.fail(d.gp.PlaceHolderText("pages", 30))
	if !first {
		d.text(margin, margin-22, d.running, false, smallSize)
	}
	d.gp.SetTextColor(0, 0, 0)
	d.gp.SetStrokeColor(200, 200, 200)
	d.gp.SetLineWidth(0.5)
	d.gp.Line(margin, d.pageH-margin, d.pageW-margin, d.pageH-margin)
}

func (d *doc) contentW() float64 { return d.pageW - 2*margin }

// header: the operator's logo, name and address, the title and what the letter is for.
func (d *doc) header() {
	top := d.y
	logoH := 0.0
	if img, w, h := d.image(d.l.Operator.Logo, 160, 50); img != nil {
		d.fail(d.gp.ImageByHolder(img, margin, top, &gopdf.Rect{W: w, H: h}))
		logoH = h
	}
	// The operator, right-aligned opposite the logo.
	lines := []string{d.l.Operator.Name}
	lines = append(lines, splitAddress(d.l.Operator.Address)...)
	y := top
	for i, s := range lines {
		bold, size := i == 0, bodySize
		if bold {
			size = 12
		}
		for _, part := range d.wrap(s, d.contentW()/2, bold, size) {
			d.text(d.pageW-margin-d.width(part, bold, size), y, part, bold, size)
			y += size + 4
		}
	}
	d.y = max(top+logoH, y) + 10
	d.text(margin, d.y, d.w.Title, true, 18)
	d.y += 24
	d.gp.SetTextColor(80, 80, 80)
	d.paragraph(d.w.Regime, false, bodySize)
	d.paragraph(fmt.Sprintf("Request %d%s · %s · %s", d.l.RequestID, orderOf(d.l), domain.Plural(len(d.l.Numbers), "number"), portTypeLabel(d.l.PortType)), false, bodySize)
	d.gp.SetTextColor(0, 0, 0)
	d.y += 4
}

func splitAddress(s string) []string {
	var out []string
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == ';' }) {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

// orderOf names a split request's order: " · order 1 of 2"; nothing for a request of one.
func orderOf(l Letter) string {
	if !l.Split() {
		return ""
	}
	return fmt.Sprintf(" · order %d of %d", l.Order, l.Orders)
}

func lineTypeLabel(t domain.LineType) string {
	switch t {
	case domain.SingleLine:
		return "Single line"
	case domain.MultiLine:
		return "Multi-line"
	}
	return ""
}

func portTypeLabel(t domain.PortType) string {
	switch t {
	case domain.PortFull:
		return "full port"
	case domain.PortPartial:
		return "partial port"
	}
	return "port type not given"
}

// paragraph writes wrapped text across the page width.
func (d *doc) paragraph(s string, bold bool, size float64) {
	for _, line := range d.wrap(s, d.contentW(), bold, size) {
		d.ensure(lineH)
		d.text(margin, d.y, line, bold, size)
		d.y += size + 4
	}
}

func (d *doc) heading(s string) {
	d.ensure(3 * lineH)
	d.y += 4
	d.text(margin, d.y, s, true, 11)
	d.y += 16
}

// row is one label and its value lines in the details table.
func (d *doc) row(label string, values ...string) {
	var lines []string
	for _, v := range values {
		if strings.TrimSpace(v) == "" {
			continue
		}
		lines = append(lines, d.wrap(v, d.contentW()-labelW, false, bodySize)...)
	}
	if len(lines) == 0 {
		lines = []string{"—"}
	}
	h := float64(len(lines))*lineH + 2
	d.ensure(min(h, 4*lineH))
	d.gp.SetStrokeColor(225, 225, 225)
	d.gp.Line(margin, d.y-3, d.pageW-margin, d.y-3)
	d.text(margin, d.y, label, true, 9)
	for _, line := range lines {
		if d.ensure(lineH) {
			d.text(margin, d.y, label+" (continued)", true, 9)
		}
		d.text(margin+labelW, d.y, line, false, bodySize)
		d.y += lineH
	}
	d.y += 2
}

func (d *doc) details() {
	d.heading("Details, exactly as on the bill from the losing provider")
	for _, r := range detailRows(d.l, d.w) {
		d.row(r.Label, r.Values...)
	}
}

func formatDate(s string) string {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return s
	}
	return t.Format("Monday 2 January 2006")
}

// numbers lists the numbers in a table of as many columns as fit, over as many pages as it
// takes; each page's part is headed so it reads on its own.
func (d *doc) numbers() {
	n := len(d.l.Numbers)
	d.heading(fmt.Sprintf("Numbers to port (%d)", n))
	const colW = 123.0
	cols := max(1, int(d.contentW()/colW))
	rows := (n + cols - 1) / cols
	d.setFont(false, 9)
	idxW := d.width(fmt.Sprint(n)+".", false, 9) + 6
	for r := 0; r < rows; r++ {
		if d.ensure(numberRowH) {
			fit := int((d.pageH - margin - footerH - d.y - 16) / numberRowH)
			d.text(margin, d.y, fmt.Sprintf("Numbers to port (continued: %d to %d of %d)", r*cols+1, min(n, (r+fit)*cols), n), true, 10)
			d.y += 16
		}
		if r%2 == 0 {
			d.gp.SetFillColor(244, 246, 248)
			d.gp.RectFromUpperLeftWithStyle(margin, d.y-2, d.contentW(), numberRowH, "F")
		}
		for c := 0; c < cols; c++ {
			i := r*cols + c
			if i >= n {
				break
			}
			x := margin + float64(c)*colW
			d.gp.SetTextColor(120, 120, 120)
			d.text(x, d.y, fmt.Sprintf("%d.", i+1), false, 8)
			d.gp.SetTextColor(0, 0, 0)
			d.text(x+idxW, d.y, displayNumber(d.l.Numbers[i]), false, 9)
		}
		d.y += numberRowH
	}
	if n == 0 {
		d.paragraph("No numbers.", false, bodySize)
	}
	d.y += 8
}

// displayNumber groups a number as it is written in international form ("+44 20 7946
// 0000"), so the customer can check it against the bill; the letter's content keeps E.164.
func displayNumber(e164 string) string {
	n, err := phonenumbers.Parse(e164, "")
	if err != nil {
		return e164
	}
	return phonenumbers.Format(n, phonenumbers.INTERNATIONAL)
}

func (d *doc) authorisation() {
	d.heading("Authorisation")
	for _, p := range d.w.Authorisation {
		d.paragraph(p, false, bodySize)
		d.y += 3
	}
}

// signatureBlock is signed online (the drawn signature and the typed name) or left blank to
// sign by hand on letterhead.
func (d *doc) signatureBlock(sig *Signature) {
	if sig == nil {
		d.blankSignature()
		return
	}
	d.ensure(96) // kept whole: the heading, the drawing and two rows
	d.y += 4
	d.text(margin, d.y, "Signature", true, 11)
	d.y += 16
	if img, w, h := d.image(sig.Drawn, 160, 40); img != nil {
		d.fail(d.gp.ImageByHolder(img, margin+labelW, d.y, &gopdf.Rect{W: w, H: h}))
		d.y += h + 4
	}
	d.row("Signed electronically by", "/s/ "+sig.SignerName+", "+sig.SignerTitle)
	d.row("Date", sig.SignedAt.UTC().Format("2 January 2006, 15:04 MST")+", certificate on the last page")
}

// blankSignature is the block to sign by hand, kept whole: signature and date side by side,
// then the signatory's name and title, as on a printed form, so that it stays on the page of
// the authorisation it signs.
func (d *doc) blankSignature() {
	p := d.l.AuthorisedPerson
	colW := d.contentW() / 2
	const fieldW, gap = 58.0, 16.0
	rows := [2][2][2]string{{{"Signature", ""}, {"Date", ""}}, {{"Name", p.Name}, {"Title", p.Title}}}
	var lines [2][2][]string
	heights := [2]float64{}
	for r, row := range rows {
		n := 1
		for c, f := range row {
			lines[r][c] = d.wrap(f[1], colW-fieldW-gap, false, bodySize)
			n = max(n, len(lines[r][c]))
		}
		heights[r] = float64(n-1)*lineH + 19 // the rule sits 13 under the last line
	}
	d.ensure(4 + 16 + heights[0] + heights[1])
	d.y += 4
	d.text(margin, d.y, "Signature", true, 11)
	d.y += 16
	d.gp.SetStrokeColor(120, 120, 120)
	for r, row := range rows {
		for c, f := range row {
			x := margin + float64(c)*colW
			d.text(x, d.y, f[0], true, 9)
			for i, line := range lines[r][c] {
				d.text(x+fieldW, d.y+float64(i)*lineH, line, false, bodySize)
			}
			rule := d.y + heights[r] - 6
			d.gp.Line(x+fieldW, rule, x+colW-gap, rule)
		}
		d.y += heights[r]
	}
}

// certificate is the evidence of the e-signature, on a page of its own.
func (d *doc) certificate(sig *Signature) {
	d.newPage(false)
	d.text(margin, d.y, "Signature certificate", true, 18)
	d.y += 30
	d.row("Document", fmt.Sprintf("%s for request %d%s, %s from %s", d.w.Title, d.l.RequestID, orderOf(d.l), domain.Plural(len(d.l.Numbers), "number"), orDefault(d.l.LosingProvider, "the losing provider")))
	d.row("Signer", sig.SignerName, sig.SignerTitle, sig.SignerEmail)
	d.row("Signed at", sig.SignedAt.UTC().Format(time.RFC3339)+" (UTC)")
	if sig.Link != 0 {
		d.row("Signed through", fmt.Sprintf("the single-use link emailed to %s (signature request %d), without a PortDesk account", sig.SignerEmail, sig.Link))
	} else {
		d.row("PortDesk user", fmt.Sprint(sig.UserID))
	}
	d.row("IP address", orDefault(sig.IP, "not recorded"))
	d.row("Browser", orDefault(sig.UserAgent, "not recorded"))
	d.row("Content SHA-256 signed", sig.ContentSHA256)
	d.row("Content SHA-256 of this letter", d.hash)
	if sig.ContentSHA256 == d.hash {
		d.row("Result", "The hashes match: this letter says exactly what was signed.")
	} else {
		d.row("Result", "The hashes differ: the letter changed after it was signed, and this signature does not count for it.")
	}
	if img, w, h := d.image(sig.Drawn, 220, 70); img != nil {
		d.ensure(h + 20)
		d.text(margin, d.y, "Drawn signature", true, 9)
		d.fail(d.gp.ImageByHolder(img, margin+labelW, d.y, &gopdf.Rect{W: w, H: h}))
		d.y += h + 8
	}
	d.y += 8
	d.gp.SetTextColor(80, 80, 80)
	d.paragraph(fmt.Sprintf("The SHA-256 is computed over the letter's content in the form %s: every detail, number and sentence the letter shows, one per line. If any of them changes, the hash changes and the signature no longer counts.", contentVersion), false, 9)
	d.gp.SetTextColor(0, 0, 0)
}

// image fits a PNG or JPEG into a box, keeping its proportions; nil when there is none or it
// cannot be read (a letter is still worth printing without a logo).
func (d *doc) image(data []byte, maxW, maxH float64) (gopdf.ImageHolder, float64, float64) {
	if len(data) == 0 {
		return nil, 0, 0
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || cfg.Width == 0 || cfg.Height == 0 {
		return nil, 0, 0
	}
	img, err := gopdf.ImageHolderByBytes(data)
	if err != nil {
		return nil, 0, 0
	}
	scale := min(maxW/float64(cfg.Width), maxH/float64(cfg.Height))
	return img, float64(cfg.Width) * scale, float64(cfg.Height) * scale
}
