package numbering

import (
	"regexp/syntax"
	"strings"
)

// prefixRule is a metadata prefix pattern (international prefix, national prefix for
// parsing) as the fast path can apply it.
type prefixRule struct {
	kind prefixKind
	lits []string // prefixLiterals: the strings the pattern matches, none a prefix of another
	expr int      // prefixOther, national prefix only: "^(?:pattern)" in the plan's DFA
}

type prefixKind uint8

const (
	prefixNone     prefixKind = iota // no pattern: nothing to strip
	prefixLiterals                   // a finite set of digit strings
	prefixOther                      // anything else: libphonenumber's job
)

// maxPrefixLiterals bounds the expansion of a prefix pattern into strings.
const maxPrefixLiterals = 64

// literalRule reads pattern as a finite set of digit strings when it is one and no string
// in it is a prefix of another. Then at most one of them starts a number, so where a regexp
// match at the start of the number ends does not depend on the regexp's preferences between
// alternatives, and stripping the prefix is a string comparison.
func literalRule(pattern string) prefixRule {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return prefixRule{kind: prefixOther}
	}
	lits, ok := literals(re)
	if !ok || len(lits) == 0 {
		return prefixRule{kind: prefixOther}
	}
	for i, a := range lits {
		if a == "" {
			return prefixRule{kind: prefixOther}
		}
		for j, b := range lits {
			if i != j && strings.HasPrefix(b, a) {
				return prefixRule{kind: prefixOther}
			}
		}
	}
	return prefixRule{kind: prefixLiterals, lits: lits}
}

// literals expands re into the strings it matches, when they are few and all digits.
func literals(re *syntax.Regexp) ([]string, bool) {
	switch re.Op {
	case syntax.OpEmptyMatch:
		return []string{""}, true
	case syntax.OpLiteral:
		for _, r := range re.Rune {
			if r < '0' || r > '9' {
				return nil, false
			}
		}
		return []string{string(re.Rune)}, true
	case syntax.OpCharClass:
		var out []string
		for i := 0; i+1 < len(re.Rune); i += 2 {
			lo, hi := re.Rune[i], re.Rune[i+1]
			if lo < '0' || hi > '9' {
				return nil, false
			}
			for r := lo; r <= hi; r++ {
				out = append(out, string(r))
			}
		}
		return out, true
	case syntax.OpCapture:
		return literals(re.Sub[0])
	case syntax.OpAlternate:
		var out []string
		for _, sub := range re.Sub {
			s, ok := literals(sub)
			if !ok || len(out)+len(s) > maxPrefixLiterals {
				return nil, false
			}
			out = append(out, s...)
		}
		return out, true
	case syntax.OpConcat:
		out := []string{""}
		for _, sub := range re.Sub {
			s, ok := literals(sub)
			if !ok || len(out)*len(s) > maxPrefixLiterals {
				return nil, false
			}
			var next []string
			for _, a := range out {
				for _, b := range s {
					next = append(next, a+b)
				}
			}
			out = next
		}
		return out, true
	}
	return nil, false
}

// prefixOf returns the string of the rule that num starts with, if any.
func (p prefixRule) prefixOf(num []byte) (string, bool) {
	for _, l := range p.lits {
		if len(num) >= len(l) && string(num[:len(l)]) == l {
			return l, true
		}
	}
	return "", false
}
