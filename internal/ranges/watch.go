package ranges

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// Watch keeps set in step with the register files in dir: it loads them now, then looks for
// a change every interval and swaps in a new index when the files differ, so that an import
// (by `portdesk ranges import`, on this replica or another sharing the directory) takes
// effect without a restart. A directory that fails to load keeps the index in use. It
// returns when ctx ends.
func Watch(ctx context.Context, dir string, set *Set, interval time.Duration, log *slog.Logger) error {
	sig, err := signature(dir)
	if err != nil {
		return err
	}
	ix, err := LoadDir(dir)
	if err != nil {
		return err
	}
	set.Swap(ix)
	log.Info("range data loaded", "dir", dir, "blocks", ix.Len())
	go func() {
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
			now, err := signature(dir)
			if err != nil || now == sig {
				continue
			}
			ix, err := LoadDir(dir)
			if err != nil {
				log.Warn("range data not reloaded: keeping the data in use", "dir", dir, "err", err)
				set.failed(err)
				sig = now // do not retry a broken set every tick; the next change tries again
				continue
			}
			set.Swap(ix)
			sig = now
			log.Info("range data reloaded", "dir", dir, "blocks", ix.Len())
		}
	}()
	return nil
}

// signature names the register files in dir with their sizes and times: cheap to take, and
// different whenever a file is added, replaced or removed.
func signature(dir string) (string, error) {
	entries, err := os.ReadDir(dir)
	if os.IsNotExist(err) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	var parts []string
	for _, e := range entries {
		ext := strings.ToLower(filepath.Ext(e.Name()))
		if e.IsDir() || (ext != ".csv" && ext != ".txt") {
			continue
		}
		info, err := e.Info()
		if err != nil {
			continue // removed while listing: the next look sees it gone
		}
		parts = append(parts, fmt.Sprintf("%s:%d:%d", e.Name(), info.Size(), info.ModTime().UnixNano()))
	}
	sort.Strings(parts)
	return strings.Join(parts, "|"), nil
}
