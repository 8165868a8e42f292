package ranges

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/portdesk/portdesk/internal/domain"
)

// Sources are the registers PortDesk reads, in the order people see them.
var Sources = []Source{SourceOfcom, SourceNANPA, SourceNANPABlock, SourceCNAC}

// Label names the register for a person.
func (s Source) Label() string {
	switch s {
	case SourceOfcom:
		return "Ofcom number ranges (UK)"
	case SourceNANPA:
		return "NANPA central-office codes (US)"
	case SourceNANPABlock:
		return "NANPA thousands blocks (US)"
	case SourceCNAC:
		return "CNAC central-office codes (Canada)"
	}
	return string(s)
}

// File is one register file in use.
type File struct {
	Name     string `json:"name"`
	Register Source `json:"register"`
	// Blocks were read from the file; a later file's block replaces an earlier one's.
	Blocks int `json:"blocks"`
	// Dated is the file's modification time. The import keeps the date the file came with (a
	// download keeps the publisher's with wget, or curl -R), so it says how old the data is.
	Dated time.Time `json:"dated"`
}

// Register is what one register contributes to the data in use.
type Register struct {
	Register Source `json:"register"`
	Name     string `json:"name"`
	Files    int    `json:"files"`
	Blocks   int    `json:"blocks"` // in use
	// Dated is the newest file's date: when the register was last brought up to date. Zero
	// when none of its files is loaded.
	Dated time.Time `json:"dated,omitzero"`
}

// Status is the range data in use: for the staff page, readiness, metrics and the command
// line. A fresh install has none, and every UK range holder is then unknown.
type Status struct {
	Dir       string     `json:"dir,omitempty"`
	Blocks    int        `json:"blocks"`
	Registers []Register `json:"registers"` // every register, loaded or not
	Files     []File     `json:"files"`
	// Problem says why the last reload failed: the data above is still in use.
	Problem string `json:"problem,omitempty"`
}

// Status says what the index holds and where it came from.
func (ix *Index) Status() Status {
	st := Status{Registers: make([]Register, 0, len(Sources)), Files: []File{}}
	if ix != nil {
		st.Dir, st.Blocks, st.Files = ix.dir, len(ix.blocks), append(st.Files, ix.files...)
	}
	for _, src := range Sources {
		r := Register{Register: src, Name: src.Label(), Blocks: ix.Blocks(src)}
		for _, f := range st.Files {
			if f.Register == src {
				r.Files++
				if f.Dated.After(r.Dated) {
					r.Dated = f.Dated
				}
			}
		}
		st.Registers = append(st.Registers, r)
	}
	return st
}

// Blocks is how many of the index's blocks come from the register src.
func (ix *Index) Blocks(src Source) int {
	if ix == nil {
		return 0
	}
	return ix.counts[src]
}

// Status is the state of the data in use, with the last reload's failure if it failed.
func (s *Set) Status() Status {
	st := s.cur.Load().Status()
	if p := s.problem.Load(); p != nil {
		st.Problem = *p
	}
	return st
}

// Blocks is how many blocks of the register src are in use: cheap enough for every check.
func (s *Set) Blocks(src Source) int { return s.cur.Load().Blocks(src) }

// failed records that new files could not be loaded; the data in use stays.
func (s *Set) failed(err error) {
	msg := err.Error()
	s.problem.Store(&msg)
}

// Register is the status of the register src.
func (st Status) Register(src Source) Register {
	i := slices.IndexFunc(st.Registers, func(r Register) bool { return r.Register == src })
	if i < 0 {
		return Register{Register: src, Name: src.Label()}
	}
	return st.Registers[i]
}

// Summary is the status in one line, for probes and logs: no paths and no error text, which
// belong on the staff page.
func (st Status) Summary() string {
	var b strings.Builder
	b.WriteString("range data: ")
	if st.Blocks == 0 {
		b.WriteString("none loaded, so UK range holders are unknown (import register files with portdesk ranges import)")
	} else {
		for i, r := range st.Registers {
			if i > 0 {
				b.WriteString("; ")
			}
			if r.Blocks == 0 {
				fmt.Fprintf(&b, "%s none", r.Register)
				continue
			}
			fmt.Fprintf(&b, "%s %s from %s dated %s", r.Register, domain.Plural(r.Blocks, "block"), domain.Plural(r.Files, "file"), r.Dated.Format(time.DateOnly))
		}
	}
	if st.Problem != "" {
		b.WriteString("; the last reload failed (see the log), so older data is in use")
	}
	return b.String()
}
