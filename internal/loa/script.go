package loa

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/bidi"
)

// A PDF shows glyphs in the order they are drawn, left to right; it neither joins Arabic
// letters nor reorders right-to-left text. visual turns a line of text, in the order it was
// typed, into the order and letter forms a reader expects to see.
func visual(s string) string {
	if !needsBidi(s) {
		return withoutInvisible(s)
	}
	return withoutInvisible(reorder(s))
}

// withoutInvisible drops the characters that steer how text is shaped or ordered but have no
// glyph of their own (direction marks and isolates, joiners, the byte-order mark, tags): their
// work is done once the line is in visual order, and no font would have a box to draw for
// them, so a stored name holding one never makes a letter unwritable.
func withoutInvisible(s string) string {
	if isASCII(s) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if invisible(r) {
			return -1
		}
		return r
	}, s)
}

func invisible(r rune) bool {
	switch {
	case r == 0x00AD, r == 0x061C, r == 0x180E, r == 0xFEFF,
		r >= 0x200B && r <= 0x200F, r >= 0x202A && r <= 0x202E, r >= 0x2060 && r <= 0x206F,
		r >= 0xFFF9 && r <= 0xFFFB, r >= 0xE0000 && r <= 0xE0FFF:
		return true
	}
	return false
}

// reorder is visual for a line with right-to-left script.
func reorder(s string) string {
	s = shapeArabic(s)
	var p bidi.Paragraph
	if _, err := p.SetString(s); err != nil {
		return s
	}
	o, err := p.Order()
	if err != nil {
		return s
	}
	runs := make([]string, o.NumRuns())
	for i := range runs {
		r := o.Run(i)
		if r.Direction() == bidi.RightToLeft {
			runs[i] = bidi.ReverseString(r.String()) // reversed, with brackets mirrored
		} else {
			runs[i] = r.String()
		}
	}
	if p.Direction() == bidi.RightToLeft {
		// A right-to-left line reads its runs from the right: drawn from the left, the last
		// comes first. (Names and addresses nest no deeper than that.)
		for i, j := 0, len(runs)-1; i < j; i, j = i+1, j-1 {
			runs[i], runs[j] = runs[j], runs[i]
		}
	}
	return strings.Join(runs, "")
}

func needsBidi(s string) bool {
	for _, r := range s {
		if r >= 0x0590 && r <= 0x08FF || r >= 0xFB1D && r <= 0xFDFF || r >= 0xFE70 && r <= 0xFEFF {
			return true
		}
	}
	return false
}

// arabicForm gives a letter's isolated form in Arabic Presentation Forms; dual-joining letters
// follow it with final, initial and medial forms, right-joining letters with a final form only.
type arabicForm struct {
	isolated rune
	dual     bool
}

var arabicForms = map[rune]arabicForm{
	0x0621: {0xFE80, false}, 0x0622: {0xFE81, false}, 0x0623: {0xFE83, false}, 0x0624: {0xFE85, false},
	0x0625: {0xFE87, false}, 0x0626: {0xFE89, true}, 0x0627: {0xFE8D, false}, 0x0628: {0xFE8F, true},
	0x0629: {0xFE93, false}, 0x062A: {0xFE95, true}, 0x062B: {0xFE99, true}, 0x062C: {0xFE9D, true},
	0x062D: {0xFEA1, true}, 0x062E: {0xFEA5, true}, 0x062F: {0xFEA9, false}, 0x0630: {0xFEAB, false},
	0x0631: {0xFEAD, false}, 0x0632: {0xFEAF, false}, 0x0633: {0xFEB1, true}, 0x0634: {0xFEB5, true},
	0x0635: {0xFEB9, true}, 0x0636: {0xFEBD, true}, 0x0637: {0xFEC1, true}, 0x0638: {0xFEC5, true},
	0x0639: {0xFEC9, true}, 0x063A: {0xFECD, true}, 0x0641: {0xFED1, true}, 0x0642: {0xFED5, true},
	0x0643: {0xFED9, true}, 0x0644: {0xFEDD, true}, 0x0645: {0xFEE1, true}, 0x0646: {0xFEE5, true},
	0x0647: {0xFEE9, true}, 0x0648: {0xFEED, false}, 0x0649: {0xFEEF, false}, 0x064A: {0xFEF1, true},
	// Persian and Urdu letters, in Presentation Forms-A.
	0x067E: {0xFB56, true}, 0x0686: {0xFB7A, true}, 0x0698: {0xFB8A, false}, 0x06A9: {0xFB8E, true},
	0x06AF: {0xFB92, true}, 0x06CC: {0xFBFC, true},
}

// lamAlef are the obligatory ligatures of lam and an alef: isolated form (final is +1).
var lamAlef = map[rune]rune{0x0622: 0xFEF5, 0x0623: 0xFEF7, 0x0625: 0xFEF9, 0x0627: 0xFEFB}

const (
	tatweel = 0x0640
	hamza   = 0x0621
)

// transparent marks (harakat) do not break a join.
func transparent(r rune) bool { return unicode.Is(unicode.Mn, r) }

// joinsLeft: the letter connects to the one after it (in reading order).
func joinsLeft(r rune) bool {
	if r == tatweel {
		return true
	}
	f, ok := arabicForms[r]
	return ok && f.dual
}

func joinsRight(r rune) bool {
	_, ok := arabicForms[r]
	return (ok && r != hamza) || r == tatweel
}

// shapeArabic replaces Arabic letters with the contextual forms that show them joined.
func shapeArabic(s string) string {
	rs := []rune(s)
	prev := func(i int) rune { // the previous letter, skipping marks
		for i--; i >= 0; i-- {
			if !transparent(rs[i]) {
				return rs[i]
			}
		}
		return 0
	}
	next := func(i int) (rune, int) {
		for i++; i < len(rs); i++ {
			if !transparent(rs[i]) {
				return rs[i], i
			}
		}
		return 0, -1
	}
	var out []rune
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		f, ok := arabicForms[r]
		if !ok || r == hamza {
			if ok {
				r = f.isolated // hamza joins neither side
			}
			out = append(out, r)
			continue
		}
		joinedBefore := joinsLeft(prev(i))
		if r == 0x0644 { // lam followed by an alef is one glyph
			if n, j := next(i); j == i+1 {
				if lig, ok := lamAlef[n]; ok {
					if joinedBefore {
						lig++
					}
					out = append(out, lig)
					i = j
					continue
				}
			}
		}
		n, _ := next(i)
		joinedAfter := f.dual && joinsRight(n)
		switch {
		case joinedBefore && joinedAfter:
			out = append(out, f.isolated+3)
		case joinedAfter:
			out = append(out, f.isolated+2)
		case joinedBefore:
			out = append(out, f.isolated+1)
		default:
			out = append(out, f.isolated)
		}
	}
	return string(out)
}
