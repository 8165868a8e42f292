package sqlstore

import (
	"context"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
)

// Migration is one numbered schema step, named NNNN_what.sql.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

// ReadMigrations reads the numbered .sql files of an engine's embedded migrations folder.
func ReadMigrations(fsys fs.FS) ([]Migration, error) {
	files, err := fs.Glob(fsys, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	var out []Migration
	for _, f := range files {
		name := path.Base(f)
		num, _, ok := strings.Cut(name, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration %s: name it NNNN_what.sql", name)
		}
		b, err := fs.ReadFile(fsys, f)
		if err != nil {
			return nil, err
		}
		out = append(out, Migration{Version: v, Name: name, SQL: string(b)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	// Numbers are handed out ahead to work done side by side, so one may be missing until the
	// work that holds it is merged; Migrate applies a lower number that arrives later. Two
	// steps of one number would be two schemas.
	for i, m := range out {
		if m.Version < 1 {
			return nil, fmt.Errorf("migration %s: versions start at 1", m.Name)
		}
		if i > 0 && out[i-1].Version == m.Version {
			return nil, fmt.Errorf("migration %s: version %d is also %s", m.Name, m.Version, out[i-1].Name)
		}
	}
	return out, nil
}

// Migrate applies the steps not yet recorded in schema_migrations, in order, each through
// apply (which runs it and records it in one transaction).
func Migrate(ctx context.Context, q Querier, wrap func(error) error, steps []Migration, apply func(context.Context, Migration) error) error {
	if _, err := q.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL)`); err != nil {
		return wrap(err)
	}
	// Each step not recorded, not each one above the highest recorded: a step numbered below
	// one already applied (merged later) still runs.
	done := map[int]bool{}
	rows, err := q.Query(ctx, `SELECT version FROM schema_migrations`)
	if err != nil {
		return wrap(err)
	}
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			rows.Close()
			return wrap(err)
		}
		done[v] = true
	}
	err = rows.Err()
	rows.Close()
	if err != nil {
		return wrap(err)
	}
	for _, m := range steps {
		if done[m.Version] {
			continue
		}
		if err := apply(ctx, m); err != nil {
			return fmt.Errorf("migration %s: %w", m.Name, wrap(err))
		}
	}
	return nil
}
