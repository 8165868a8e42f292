package loa

import (
	_ "embed"
	"fmt"
	"strings"
	"unicode"

	"github.com/signintech/gopdf"
	"golang.org/x/image/font/sfnt"

	"github.com/portdesk/portdesk/internal/domain"
)

// DejaVu Sans covers Latin, Greek, Cyrillic, Hebrew and Arabic: most names a porting desk
// sees. Its licence is in fonts/LICENSE.
var (
	//go:embed fonts/DejaVuSans.ttf
	dejaVuSans []byte
	//go:embed fonts/DejaVuSans-Bold.ttf
	dejaVuSansBold []byte
)

// face is one font loaded into the document, with its character map to ask what it covers.
type face struct {
	family string
	font   *sfnt.Font
}

// faces is the fallback chain for one style: DejaVu first, then the operator's fonts.
type faces struct {
	chain []face
	buf   sfnt.Buffer
}

func loadFaces(gp *gopdf.GoPdf, prefix string, first []byte, extra [][]byte) (*faces, error) {
	fs := &faces{}
	for i, data := range append([][]byte{first}, extra...) {
		f, err := sfnt.Parse(data)
		if err != nil {
			return nil, fmt.Errorf("font %d: %w", i, err)
		}
		family := fmt.Sprintf("%s%d", prefix, i)
		if err := gp.AddTTFFontData(family, data); err != nil {
			return nil, fmt.Errorf("font %d: %w", i, err)
		}
		fs.chain = append(fs.chain, face{family: family, font: f})
	}
	return fs, nil
}

// pick is the first face with a glyph for r, or -1.
func (fs *faces) pick(r rune) int {
	for i, f := range fs.chain {
		if g, err := f.font.GlyphIndex(&fs.buf, r); err == nil && g != 0 {
			return i
		}
	}
	return -1
}

// segment is a stretch of text drawn in one face.
type segment struct {
	face int
	text string
}

// segments splits a line already in visual order by the face that can draw each character;
// characters no face has are reported in missing.
func (fs *faces) segments(s string, missing map[rune]bool) []segment {
	if isASCII(s) {
		return []segment{{0, s}}
	}
	var out []segment
	var b strings.Builder
	cur := 0
	for _, r := range s {
		i := cur
		if !unicode.IsSpace(r) && !unicode.Is(unicode.Mn, r) {
			if i = fs.pick(r); i < 0 {
				missing[r] = true
				i = cur
			}
		}
		if i != cur && b.Len() > 0 {
			out = append(out, segment{cur, b.String()})
			b.Reset()
		}
		cur = i
		b.WriteRune(r)
	}
	if b.Len() > 0 {
		out = append(out, segment{cur, b.String()})
	}
	return out
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// missingGlyphs is the error for text no font can show: a letter with empty boxes in the
// customer's name would be rejected by the losing provider, so none is written.
func missingGlyphs(missing map[rune]bool) error {
	var b strings.Builder
	for r := range missing {
		if b.Len() < 60 {
			b.WriteRune(r)
		}
	}
	return &domain.Error{Code: domain.ErrUnsupportedContent,
		Message: fmt.Sprintf("the letter cannot show the characters %q in its fonts: the operator can add a font that has them (--loa-fonts)", b.String())}
}
