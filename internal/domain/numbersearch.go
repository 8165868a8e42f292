package domain

import "strings"

// NumberSearchPrefixes are the E.164 beginnings a run of typed digits may stand for: the
// digits as typed with a country code ("44113496"), or the start of a national number in
// one of the desk's countries, UK with or without its trunk 0 ("0113 496", "113 496") and
// North American ("415 555"). A search matches a number that begins with one of them or
// ends with the digits; it never scans for digits in the middle, so every form is an index
// range (#17).
func NumberSearchPrefixes(digits string) []string {
	if digits == "" || strings.Trim(digits, "0123456789") != "" {
		return nil
	}
	out := []string{"+" + digits}
	if national, ok := strings.CutPrefix(digits, "0"); ok {
		if national != "" {
			out = append(out, "+44"+national)
		}
		return out
	}
	out = append(out, "+44"+digits)
	if digits[0] >= '2' {
		out = append(out, "+1"+digits) // NANP area codes start 2-9
	}
	return out
}
