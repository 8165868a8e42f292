package documents

import (
	"path"
	"strings"
	"unicode"
	"unicode/utf8"
)

const maxNameRunes = 120

// SafeName is the file name to show and to send back on download: the last element of
// whatever path the browser sent (either slash), without control or bidirectional-override
// characters (which can disguise "cod.exe" as "exe.doc"), quotes or reserved characters,
// at most 120 characters, and ending in the extension of what the content really is.
func SafeName(name string, k Kind) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	if !utf8.ValidString(name) {
		name = strings.ToValidUTF8(name, "")
	}
	name = strings.Map(func(r rune) rune {
		switch {
		case unicode.IsControl(r), unicode.Is(unicode.Bidi_Control, r), r == utf8.RuneError:
			return -1
		case strings.ContainsRune(`"<>:|?*;`, r):
			return '_'
		case unicode.IsSpace(r):
			return ' '
		}
		return r
	}, name)
	name = strings.TrimSpace(name)
	want := k.extension()
	base := name
	ext := path.Ext(name)
	if e := strings.ToLower(ext); e == want || (k == JPEG && e == ".jpeg") {
		base, want = strings.TrimSuffix(name, ext), ext // keep the sender's spelling
	}
	base = strings.Trim(base, " .") // no hidden files, no trailing dots Windows drops
	if base == "" {
		base = "document"
	}
	if r := []rune(base); len(r) > maxNameRunes-len(want) {
		base = strings.TrimRight(string(r[:maxNameRunes-len(want)]), " .")
	}
	return base + want
}
