package sqlstore

import (
	"context"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// Migration numbers are handed out ahead to work done side by side: a branch may hold 14
// without 13, and 13 may arrive after 14 was applied.
func TestReadMigrations(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name  string
		files []string
		want  []int
		err   string
	}{
		{"in order", []string{"0001_a.sql", "0002_b.sql"}, []int{1, 2}, ""},
		{"a number not merged yet", []string{"0001_a.sql", "0002_b.sql", "0004_d.sql"}, []int{1, 2, 4}, ""},
		{"one number twice", []string{"0001_a.sql", "0002_b.sql", "0002_c.sql"}, nil, "version 2 is also"},
		{"no number", []string{"0001_a.sql", "init.sql"}, nil, "name it NNNN_what.sql"},
		{"zero", []string{"0000_a.sql"}, nil, "versions start at 1"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fsys := fstest.MapFS{}
			for _, f := range tt.files {
				fsys["migrations/"+f] = &fstest.MapFile{Data: []byte("SELECT 1;")}
			}
			ms, err := ReadMigrations(fsys)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []int
			for _, m := range ms {
				got = append(got, m.Version)
			}
			if !slices.Equal(got, tt.want) {
				t.Fatalf("versions %v, want %v", got, tt.want)
			}
		})
	}
}

func TestMigrateAppliesEveryStepNotRecorded(t *testing.T) {
	t.Parallel()
	q := &recorded{versions: []int{1, 2, 4}}
	var applied []int
	steps := []Migration{{Version: 1}, {Version: 2}, {Version: 3}, {Version: 4}, {Version: 5}}
	if err := Migrate(context.Background(), q, func(err error) error { return err }, steps, func(_ context.Context, m Migration) error {
		applied = append(applied, m.Version)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(applied, []int{3, 5}) {
		t.Fatalf("applied %v, want 3 (merged after 4 ran) and 5", applied)
	}
}

// recorded is a schema_migrations table that holds versions.
type recorded struct{ versions []int }

func (r *recorded) Exec(context.Context, string, ...any) (int64, error) { return 0, nil }
func (r *recorded) QueryRow(context.Context, string, ...any) Row        { return nil }
func (r *recorded) Query(context.Context, string, ...any) (Rows, error) {
	return &versionRows{vs: r.versions, i: -1}, nil
}

type versionRows struct {
	vs []int
	i  int
}

func (v *versionRows) Next() bool { v.i++; return v.i < len(v.vs) }
func (v *versionRows) Scan(dest ...any) error {
	*dest[0].(*int) = v.vs[v.i]
	return nil
}
func (v *versionRows) Err() error { return nil }
func (v *versionRows) Close()     {}
