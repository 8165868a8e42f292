package sqlstore

import (
	"encoding/json"

	"github.com/riverqueue/river"

	"github.com/portdesk/portdesk/internal/domain"
)

// jobArgs carries a domain.Job into River under its own kind; the worker in package jobs
// registers typed arguments of the same kind and JSON shape.
type jobArgs struct {
	kind string
	args any
}

func (j jobArgs) Kind() string                 { return j.kind }
func (j jobArgs) MarshalJSON() ([]byte, error) { return json.Marshal(j.args) }

// JobArgs adapts a domain job for River's InsertTx.
func JobArgs(j domain.Job) river.JobArgs { return jobArgs{kind: j.Kind, args: j.Args} }

// JobOpts carries the job's schedule and how often it may be tried.
func JobOpts(j domain.Job) *river.InsertOpts {
	if j.ScheduledAt.IsZero() && j.MaxAttempts == 0 && !j.Unique {
		return nil
	}
	o := &river.InsertOpts{ScheduledAt: j.ScheduledAt, MaxAttempts: j.MaxAttempts}
	if j.Unique {
		o.UniqueOpts = river.UniqueOpts{ByArgs: true}
	}
	return o
}
