package ranges

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the sample files in testdata")

// samples are the blocks of the committed sample files: made up, in the registers' formats.
var samples = map[string]struct {
	write  func(*bytes.Buffer, []Block) error
	blocks []Block
}{
	"ofcom_s1_sample.csv": {func(b *bytes.Buffer, bl []Block) error { return WriteOfcom(b, true, bl) }, []Block{
		{Prefix: "441134960", Status: "Allocated", Holder: "BT"},
		{Prefix: "44113496", Status: "Allocated(Closed Range)", Holder: "Gamma Telecom Holdings Ltd"},
		{Prefix: "441632960", Status: "Protected", Holder: ""},
		{Prefix: "442079460", Status: "Allocated", Holder: "Virgin Media Ltd"},
		{Prefix: "441134970", Status: "Quarantined", Holder: ""},
	}},
	"ofcom_s8_sample.csv": {func(b *bytes.Buffer, bl []Block) error { return WriteOfcom(b, false, bl) }, []Block{
		{Prefix: "448001", Status: "Allocated", Holder: "British Telecommunications plc"},
		{Prefix: "4450012", Status: "Withdrawn", Holder: ""},
		{Prefix: "448081570", Status: "Allocated", Holder: "Magrathea Telecommunications Ltd"},
	}},
	"nanpa_co_sample.txt": {func(b *bytes.Buffer, bl []Block) error { return WriteNANPA(b, bl) }, []Block{
		{Prefix: "1201555", Status: "Allocated", Holder: "Verizon New Jersey, Inc.", Area: "Hackensack"},
		{Prefix: "1201556", Status: "Not in service", Holder: "", Area: "Hackensack"},
	}},
	"nanpa_block_sample.txt": {func(b *bytes.Buffer, bl []Block) error { return WriteNANPABlocks(b, bl) }, []Block{
		{Prefix: "12015550", Status: "Allocated", Holder: "Bandwidth.com CLEC, LLC - NJ", Area: "Hackensack"},
	}},
	"cnac_sample.csv": {func(b *bytes.Buffer, bl []Block) error { return WriteCNAC(b, bl) }, []Block{
		{Prefix: "1416555", Status: "In Service", Holder: "Bell Canada", Area: "Toronto, ON"},
		{Prefix: "1416556", Status: "Available", Holder: "", Area: "Toronto, ON"},
	}},
}

// TestSamples writes each sample with the writers (or checks the committed copy) and
// reads it back: the reader must recover every block.
func TestSamples(t *testing.T) {
	t.Parallel()
	for name, s := range samples {
		var buf bytes.Buffer
		if err := s.write(&buf, s.blocks); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join("testdata", name)
		if *update {
			if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		committed, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(committed, buf.Bytes()) {
			t.Errorf("%s differs from what the writer makes (run -update after checking)", name)
		}
		var got []Block
		src, err := Read(bytes.NewReader(committed), func(b Block) error { got = append(got, b); return nil })
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(got) != len(s.blocks) {
			t.Fatalf("%s: %d blocks, want %d", name, len(got), len(s.blocks))
		}
		for i, b := range got {
			want := s.blocks[i]
			want.Source = src
			if b != want {
				t.Errorf("%s block %d:\n got %+v\nwant %+v", name, i, b, want)
			}
		}
	}
}

func TestLookup(t *testing.T) {
	t.Parallel()
	ix, err := LoadDir("testdata")
	if err != nil {
		t.Fatal(err)
	}
	var s Set
	if _, ok := s.Lookup("+441134960000"); ok {
		t.Fatal("an empty set must find nothing")
	}
	s.Swap(ix)
	tests := []struct {
		number, holder, status string
		source                 Source
		inService              bool
	}{
		{"+441134960000", "BT", "Allocated", SourceOfcom, true},                                       // the longer block wins
		{"+441134961234", "Gamma Telecom Holdings Ltd", "Allocated(Closed Range)", SourceOfcom, true}, // the shorter one holds the rest
		{"+441134970000", "", "Quarantined", SourceOfcom, false},
		{"+441632960000", "", "Protected", SourceOfcom, false},
		{"+448001234567", "British Telecommunications plc", "Allocated", SourceOfcom, true},
		{"+44500123456", "", "Withdrawn", SourceOfcom, false},
		{"+12015550123", "Bandwidth.com CLEC, LLC - NJ", "Allocated", SourceNANPABlock, true}, // pooled block beats its CO code
		{"+12015551234", "Verizon New Jersey, Inc.", "Allocated", SourceNANPA, true},
		{"+12015560000", "", "Not in service", SourceNANPA, false},
		{"+14165550123", "Bell Canada", "In Service", SourceCNAC, true},
		{"+14165560000", "", "Available", SourceCNAC, false},
	}
	for _, tt := range tests {
		b, ok := s.Lookup(tt.number)
		if !ok || b.Holder != tt.holder || b.Status != tt.status || b.Source != tt.source || b.InService() != tt.inService {
			t.Errorf("%s: %+v %v (in service %v)", tt.number, b, ok, b.InService())
		}
	}
	if _, ok := s.Lookup("+33123456789"); ok {
		t.Error("no block for a French number")
	}
}

func TestReadRefuses(t *testing.T) {
	t.Parallel()
	for name, in := range map[string]string{
		"unknown header": "a,b,c\n1,2,3\n",
		"empty":          "",
		"bad block":      OfcomGeographicHeader + "\nnot digits,Allocated,BT,10,,\n",
		"short npa-nxx":  NANPAHeader + "\nNJ\t201-55\t1\tX\tY\t\t\t\t\t\tY\n",
	} {
		if _, err := Read(strings.NewReader(in), func(Block) error { return nil }); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func FuzzRead(f *testing.F) {
	for _, s := range samples {
		var buf bytes.Buffer
		_ = s.write(&buf, s.blocks)
		f.Add(buf.Bytes())
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		_, _ = Read(bytes.NewReader(in), func(b Block) error {
			if !validPrefix(b.Source, b.Prefix) {
				t.Fatalf("invalid prefix %q passed", b.Prefix)
			}
			return nil
		})
	})
}

// BenchmarkNationalScale builds a synthetic national register of a million UK blocks (the
// size of Ofcom's S1 file at 1,000-number granularity), loads it from disk and looks up.
// The baseline is reading the same file without indexing it.
func BenchmarkNationalScale(b *testing.B) {
	const n = 1_000_000
	blocks := make([]Block, n)
	for i := range blocks {
		blocks[i] = Block{Prefix: fmt.Sprintf("441%08d", i*7%100_000_000)[:11], Status: "Allocated", Holder: fmt.Sprintf("Provider %d", i%300)}
	}
	dir := b.TempDir()
	f, err := os.Create(filepath.Join(dir, "s1.csv"))
	if err != nil {
		b.Fatal(err)
	}
	if err := WriteOfcom(f, true, blocks); err != nil {
		b.Fatal(err)
	}
	f.Close()
	b.Run("read-only", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			f, _ := os.Open(filepath.Join(dir, "s1.csv"))
			if _, err := Read(f, func(Block) error { return nil }); err != nil {
				b.Fatal(err)
			}
			f.Close()
		}
	})
	b.Run("load", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := LoadDir(dir); err != nil {
				b.Fatal(err)
			}
		}
	})
	ix, err := LoadDir(dir)
	if err != nil {
		b.Fatal(err)
	}
	numbers := make([]string, 1<<16)
	for i := range numbers {
		numbers[i] = fmt.Sprintf("+441%09d", i*7919%1_000_000_000)
	}
	b.Run("lookup", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			ix.Lookup(numbers[i&(len(numbers)-1)])
			i++
		}
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "lookups/s")
	})
}

func TestWatchSwapsOnImport(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var set Set
	if err := Watch(ctx, dir, &set, 10*time.Millisecond, slog.New(slog.DiscardHandler)); err != nil {
		t.Fatal(err)
	}
	if _, ok := set.Lookup("+441134960001"); ok {
		t.Fatal("found a block in an empty directory")
	}
	src, err := os.ReadFile(filepath.Join("testdata", "ofcom_s1_sample.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "s1.csv"), src, 0o600); err != nil {
		t.Fatal(err)
	}
	// Bounded wait: the watcher looks every 10 ms; give it up to 5 s on a loaded machine.
	for i := 0; i < 500; i++ {
		if b, ok := set.Lookup("+441134960001"); ok {
			if b.Holder != "BT" {
				t.Fatalf("block %+v", b)
			}
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("the new file was never loaded")
}

// TestStatus: the status names every register, loaded or not, counts the blocks in use (a
// later file's block replaces an earlier one's) and dates each register by its newest file.
func TestStatus(t *testing.T) {
	t.Parallel()
	var empty Set
	st := empty.Status()
	if st.Blocks != 0 || len(st.Registers) != len(Sources) || len(st.Files) != 0 || !strings.Contains(st.Summary(), "none loaded") {
		t.Fatalf("empty: %+v %q", st, st.Summary())
	}
	// A fresh install has no directory yet: the status still says where the files go.
	missing := filepath.Join(t.TempDir(), "ranges")
	if ix, err := LoadDir(missing); err != nil || ix.Status().Dir != missing || ix.Status().Blocks != 0 {
		t.Fatalf("missing directory: %v %+v", err, ix.Status())
	}

	dir := t.TempDir()
	write := func(name string, dated time.Time, blocks []Block, w func(*bytes.Buffer, []Block) error) {
		t.Helper()
		var buf bytes.Buffer
		if err := w(&buf, blocks); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(path, dated, dated); err != nil {
			t.Fatal(err)
		}
	}
	s1 := func(b *bytes.Buffer, bl []Block) error { return WriteOfcom(b, true, bl) }
	may, june := time.Date(2026, 5, 4, 0, 0, 0, 0, time.UTC), time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	write("a-s1.csv", may, []Block{{Prefix: "441134960", Status: "Allocated", Holder: "BT"}, {Prefix: "442079460", Status: "Allocated", Holder: "Virgin Media Ltd"}}, s1)
	write("b-s1.csv", june, []Block{{Prefix: "441134960", Status: "Allocated", Holder: "Gamma"}}, s1)
	write("c-cnac.csv", may, []Block{{Prefix: "1416555", Status: "In Service", Holder: "Bell Canada", Area: "Toronto, ON"}}, func(b *bytes.Buffer, bl []Block) error { return WriteCNAC(b, bl) })
	ix, err := LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var set Set
	set.Swap(ix)
	st = set.Status()
	tests := []struct {
		src           Source
		files, blocks int
		dated         time.Time
	}{
		{SourceOfcom, 2, 2, june}, // three blocks read, one replaced
		{SourceNANPA, 0, 0, time.Time{}},
		{SourceNANPABlock, 0, 0, time.Time{}},
		{SourceCNAC, 1, 1, may},
	}
	for _, tt := range tests {
		r := st.Register(tt.src)
		if r.Files != tt.files || r.Blocks != tt.blocks || !r.Dated.Equal(tt.dated) || r.Name == "" {
			t.Errorf("%s: %+v, want %d files, %d blocks, dated %v", tt.src, r, tt.files, tt.blocks, tt.dated)
		}
		if set.Blocks(tt.src) != tt.blocks {
			t.Errorf("%s: Set.Blocks %d", tt.src, set.Blocks(tt.src))
		}
	}
	if st.Blocks != 3 || st.Dir != dir || len(st.Files) != 3 || st.Files[0].Blocks != 2 || st.Files[0].Register != SourceOfcom || !st.Files[0].Dated.Equal(may) {
		t.Fatalf("status %+v", st)
	}
	want := "range data: ofcom 2 blocks from 2 files dated 2026-06-01; nanpa none; nanpa_block none; cnac 1 block from 1 file dated 2026-05-04"
	if got := st.Summary(); got != want {
		t.Fatalf("summary\n got %q\nwant %q", got, want)
	}
}

// A reload that fails keeps the data in use and says so in the status until one succeeds.
func TestWatchReportsAFailedReload(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	src, err := os.ReadFile(filepath.Join("testdata", "ofcom_s1_sample.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "s1.csv"), src, 0o600); err != nil {
		t.Fatal(err)
	}
	var set Set
	if err := Watch(ctx, dir, &set, 10*time.Millisecond, slog.New(slog.DiscardHandler)); err != nil {
		t.Fatal(err)
	}
	if st := set.Status(); st.Blocks != 5 || st.Problem != "" {
		t.Fatalf("after the first load: %+v", st)
	}
	if err := os.WriteFile(filepath.Join(dir, "bad.csv"), []byte("not,a,register\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	wait := func(what string, ok func(Status) bool) {
		t.Helper()
		for i := 0; i < 500; i++ { // up to 5 s on a loaded machine
			if ok(set.Status()) {
				return
			}
			time.Sleep(10 * time.Millisecond)
		}
		t.Fatalf("%s: %+v", what, set.Status())
	}
	wait("the failure is not reported", func(st Status) bool {
		return st.Blocks == 5 && strings.Contains(st.Problem, "bad.csv") && strings.Contains(st.Summary(), "last reload failed")
	})
	if err := os.Remove(filepath.Join(dir, "bad.csv")); err != nil {
		t.Fatal(err)
	}
	wait("the failure outlives a good reload", func(st Status) bool { return st.Blocks == 5 && st.Problem == "" })
}
