package desktest

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/team"
)

// NewAPICarrier saves a carrier reached by API and sets its key, as a staff admin does.
func (e *Env) NewAPICarrier(t testing.TB, admin domain.Actor, in team.CarrierInput, key string) domain.Carrier {
	t.Helper()
	ctx := context.Background()
	c, err := e.Team.SaveCarrier(ctx, admin, 0, in)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Team.SetCarrierKey(ctx, admin, c.ID, key); err != nil {
		t.Fatal(err)
	}
	return c
}

// carrierJobsRun is the last job of each carrier kind RunCarrierJobs ran, per env.
type carrierJobsRun struct{ submit, sync, auto, lookup, webhook int64 }

// RunCarrierJobs runs, as the jobs would, the carrier jobs queued since the last call (sends
// without the team, then sends, then the webhooks' news, then follow-ups), and says how many
// it ran.
func (e *Env) RunCarrierJobs(t testing.TB) int {
	t.Helper()
	ctx := context.Background()
	n := e.runQueued(t, domain.JobCarrierAuto, &e.carrierJobs.auto, func(args []byte) error {
		var a domain.CarrierAutoArgs
		if err := json.Unmarshal(args, &a); err != nil {
			return err
		}
		return e.Upstream.AutoSend(ctx, a)
	})
	n += e.runQueued(t, domain.JobCarrierSubmit, &e.carrierJobs.submit, func(args []byte) error {
		var a domain.CarrierSubmitArgs
		if err := json.Unmarshal(args, &a); err != nil {
			return err
		}
		return e.Upstream.Submit(ctx, a)
	})
	n += e.runQueued(t, domain.JobCarrierWebhook, &e.carrierJobs.webhook, func(args []byte) error {
		var a domain.CarrierWebhookArgs
		if err := json.Unmarshal(args, &a); err != nil {
			return err
		}
		return e.Upstream.TakeWebhook(ctx, a)
	})
	return n + e.runQueued(t, domain.JobCarrierSync, &e.carrierJobs.sync, func(args []byte) error {
		var a domain.CarrierSyncArgs
		if err := json.Unmarshal(args, &a); err != nil {
			return err
		}
		return e.Upstream.Sync(ctx, a)
	})
}

// RunLookupJobs runs, as the jobs would, the asks of carriers about numbers queued since the
// last call; it says how many it ran and the errors they ended in (a job that fails is
// retried by River; here it is only reported).
func (e *Env) RunLookupJobs(t testing.TB) (int, []error) {
	t.Helper()
	var errs []error
	n := e.runQueued(t, domain.JobCarrierLookup, &e.carrierJobs.lookup, func(args []byte) error {
		var a domain.CarrierLookupArgs
		if err := json.Unmarshal(args, &a); err != nil {
			return err
		}
		if err := e.Upstream.LookUp(context.Background(), a); err != nil {
			errs = append(errs, err)
		}
		return nil
	})
	return n, errs
}
