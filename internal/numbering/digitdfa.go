package numbering

import (
	"encoding/binary"
	"regexp/syntax"
	"slices"
	"sync"
	"sync/atomic"
)

// digitDFA answers regexp.MatchString for many regular expressions at once over a string of
// ASCII digits, in one pass. It is a lazily built DFA whose states are sets of NFA
// instructions of all the expressions' programs: a transition is worked out the first time it
// is taken and then read lock-free. Match semantics are Go's exactly (unanchored search, with
// ^, $ and \b judged by position), so an expression written "^(?:p)$" answers a full match
// and "^(?:p)" a prefix match, as libphonenumber's do.
type digitDFA struct {
	insts    []dfaInst
	starts   []uint32 // first instruction of each expression
	floating []int    // expressions not anchored at the start: they may begin at any position
	words    int      // uint64 words in a bitset of expressions

	mu      sync.Mutex // guards what follows, and building states
	states  map[string]*dfaState
	start   *dfaState
	seen    []uint32 // closure scratch: generation each instruction was last visited in
	gen     uint32
	scratch []uint32
}

// maxDFAStates bounds the memory a DFA may take; past it, walks report failure and the
// caller asks libphonenumber instead.
const maxDFAStates = 1 << 15

type dfaInst struct {
	op     syntax.InstOp
	out    uint32
	arg    uint32
	empty  syntax.EmptyOp
	digits uint16 // for rune instructions, the digits they accept, bit d for digit d
	expr   int32
}

// dfaState is a set of live NFA threads at some position in the input.
type dfaState struct {
	next    [10]atomic.Pointer[dfaState]
	threads []uint32
	atStart bool
	sticky  []uint64                        // expressions that have already matched before this position
	end     []uint64                        // expressions that match if the input ends here
	memo    [maxNSNLength + 1]atomic.Uint32 // owner's cache of answers by input length
}

// newDigitDFA compiles exprs (Go regexp syntax, Perl flags, as regexp.MustCompile reads
// them). It fails when an expression does not compile.
func newDigitDFA(exprs []string) (*digitDFA, error) {
	d := &digitDFA{words: (len(exprs) + 63) / 64, states: map[string]*dfaState{}}
	for k, e := range exprs {
		re, err := syntax.Parse(e, syntax.Perl)
		if err != nil {
			return nil, err
		}
		prog, err := syntax.Compile(re.Simplify())
		if err != nil {
			return nil, err
		}
		base := uint32(len(d.insts))
		for _, in := range prog.Inst {
			di := dfaInst{op: in.Op, out: base + in.Out, arg: base + in.Arg, expr: int32(k)}
			switch in.Op {
			case syntax.InstEmptyWidth:
				di.empty = syntax.EmptyOp(in.Arg)
			case syntax.InstRune, syntax.InstRune1, syntax.InstRuneAny, syntax.InstRuneAnyNotNL:
				for c := range 10 {
					if in.MatchRune(rune('0' + c)) {
						di.digits |= 1 << c
					}
				}
			}
			d.insts = append(d.insts, di)
		}
		d.starts = append(d.starts, base+uint32(prog.Start))
		if prog.StartCond()&syntax.EmptyBeginText == 0 {
			d.floating = append(d.floating, k)
		}
	}
	d.seen = make([]uint32, len(d.insts))
	d.start = d.state(d.partial(slices.Clone(d.starts), make([]uint64, d.words)), true, make([]uint64, d.words))
	return d, nil
}

// walk runs the DFA over digits (ASCII '0'-'9' only) and returns the state at the end, or nil
// when the DFA has grown to its limit.
func (d *digitDFA) walk(digits []byte) *dfaState {
	s := d.start
	for _, c := range digits {
		n := s.next[c-'0'].Load()
		if n == nil {
			if n = d.step(s, int(c-'0')); n == nil {
				return nil
			}
		}
		s = n
	}
	return s
}

// matched reports whether expression k matches an input that ends in state s.
func (s *dfaState) matched(k int) bool { return s.end[k>>6]&(1<<(k&63)) != 0 }

// step works out and records the transition from s on digit c.
func (d *digitDFA) step(s *dfaState, c int) *dfaState {
	d.mu.Lock()
	defer d.mu.Unlock()
	if n := s.next[c].Load(); n != nil {
		return n
	}
	if len(d.states) >= maxDFAStates {
		return nil
	}
	// A digit follows, so this position is not the end; it is a word boundary only at the
	// start (digits are word characters).
	flags := syntax.EmptyNoWordBoundary
	if s.atStart {
		flags = syntax.EmptyBeginText | syntax.EmptyBeginLine | syntax.EmptyWordBoundary
	}
	sticky := slices.Clone(s.sticky)
	live := d.closure(s.threads, flags, sticky)
	var next []uint32
	for _, pc := range live {
		in := &d.insts[pc]
		if in.digits&(1<<c) != 0 {
			next = append(next, in.out)
		}
	}
	for _, k := range d.floating {
		next = append(next, d.starts[k])
	}
	n := d.state(d.partial(next, sticky), false, sticky)
	s.next[c].Store(n)
	return n
}

// state returns the state of these threads, making it if it is new. Callers hold d.mu (or
// are the constructor).
func (d *digitDFA) state(threads []uint32, atStart bool, sticky []uint64) *dfaState {
	slices.Sort(threads)
	threads = slices.Compact(threads)
	key := make([]byte, 0, 1+8*len(sticky)+4*len(threads))
	if atStart {
		key = append(key, 1)
	} else {
		key = append(key, 0)
	}
	for _, w := range sticky {
		key = binary.LittleEndian.AppendUint64(key, w)
	}
	for _, pc := range threads {
		key = binary.LittleEndian.AppendUint32(key, pc)
	}
	if s, ok := d.states[string(key)]; ok {
		return s
	}
	s := &dfaState{threads: threads, atStart: atStart, sticky: sticky}
	// At the end of the input: $ holds, and \b holds unless the input is empty.
	flags := syntax.EmptyEndText | syntax.EmptyEndLine | syntax.EmptyWordBoundary
	if atStart {
		flags = syntax.EmptyEndText | syntax.EmptyEndLine | syntax.EmptyBeginText | syntax.EmptyBeginLine | syntax.EmptyNoWordBoundary
	}
	s.end = slices.Clone(sticky)
	d.closure(threads, flags, s.end)
	d.states[string(key)] = s
	return s
}

// closure follows every empty transition from threads that the position's flags allow, marks
// the expressions that reach a match in matched, and returns the rune instructions reached.
func (d *digitDFA) closure(threads []uint32, flags syntax.EmptyOp, matched []uint64) []uint32 {
	d.gen++
	out := d.scratch[:0]
	stack := slices.Clone(threads)
	for len(stack) > 0 {
		pc := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if d.seen[pc] == d.gen {
			continue
		}
		d.seen[pc] = d.gen
		in := &d.insts[pc]
		switch in.op {
		case syntax.InstAlt, syntax.InstAltMatch:
			stack = append(stack, in.arg, in.out)
		case syntax.InstNop, syntax.InstCapture:
			stack = append(stack, in.out)
		case syntax.InstEmptyWidth:
			if in.empty&^flags == 0 {
				stack = append(stack, in.out)
			}
		case syntax.InstMatch:
			matched[in.expr>>6] |= 1 << (in.expr & 63)
		case syntax.InstRune, syntax.InstRune1, syntax.InstRuneAny, syntax.InstRuneAnyNotNL:
			out = append(out, pc)
		}
	}
	d.scratch = out
	return slices.Clone(out)
}

// partial follows the empty transitions that do not depend on the position (alternation,
// captures), keeping ^, $ and \b for when the position is known, and drops the threads of
// expressions that have matched already: they cannot change the answer.
func (d *digitDFA) partial(threads []uint32, sticky []uint64) []uint32 {
	d.gen++
	var out []uint32
	stack := threads
	for len(stack) > 0 {
		pc := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if d.seen[pc] == d.gen {
			continue
		}
		d.seen[pc] = d.gen
		in := &d.insts[pc]
		if sticky[in.expr>>6]&(1<<(in.expr&63)) != 0 {
			continue
		}
		switch in.op {
		case syntax.InstAlt, syntax.InstAltMatch:
			stack = append(stack, in.arg, in.out)
		case syntax.InstNop, syntax.InstCapture:
			stack = append(stack, in.out)
		case syntax.InstFail:
		default:
			out = append(out, pc)
		}
	}
	return out
}
