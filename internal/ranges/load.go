package ranges

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// LoadDir reads every .csv and .txt register file in dir, in name order (a later file's
// block replaces an earlier one with the same prefix), into one index. A missing dir is an
// empty index: a new install has no range data yet.
func LoadDir(dir string) (*Index, error) {
	entries, err := os.ReadDir(dir)
	if os.IsNotExist(err) {
		ix := NewIndex(nil)
		ix.dir = dir
		return ix, nil
	}
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		ext := strings.ToLower(filepath.Ext(e.Name()))
		if !e.IsDir() && (ext == ".csv" || ext == ".txt") {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	ix := NewIndex(nil)
	ix.dir = dir
	for _, name := range names {
		if err := loadFile(ix, filepath.Join(dir, name)); err != nil {
			return nil, err
		}
	}
	return ix, nil
}

func loadFile(ix *Index, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return err
	}
	file := File{Name: filepath.Base(path), Dated: info.ModTime().UTC()}
	if file.Register, err = Read(f, func(b Block) error { ix.add(b); file.Blocks++; return nil }); err != nil {
		return fmt.Errorf("%s: %w", filepath.Base(path), err)
	}
	ix.files = append(ix.files, file)
	return nil
}
