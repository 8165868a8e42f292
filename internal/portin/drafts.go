package portin

import (
	"context"

	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/domain"
)

// scheduleDraftExpiry enqueues, in the transaction of the change, a job that deletes the
// draft once it has gone untouched for the retention period. Every change schedules a new
// one; the job checks again when it runs, so earlier ones fall through harmlessly.
func (s *Service) scheduleDraftExpiry(ctx context.Context, tx domain.Tx, p domain.PortIn) error {
	if p.Status != domain.StatusDraft {
		return nil
	}
	return tx.EnqueueJob(ctx, domain.Job{Kind: domain.JobDeleteStaleDraft, Args: domain.StaleDraftArgs{PortInID: p.ID},
		ScheduledAt: p.UpdatedAt.Add(s.cfg.DraftRetention)})
}

// DeleteStaleDraft deletes a draft untouched for the retention period. Its events stay, with
// one more saying why it went. Anything else (submitted since, touched since, gone) is left.
func (s *Service) DeleteStaleDraft(ctx context.Context, id int64) (deleted bool, err error) {
	err = s.frame.Job(ctx, "stale-draft deletion", id, func(tx domain.Tx, p *domain.PortIn) error {
		if p.Status != domain.StatusDraft || s.desk.Now().Before(p.UpdatedAt.Add(s.cfg.DraftRetention)) {
			return nil
		}
		if err := tx.DeletePortIn(ctx, id); err != nil {
			return err
		}
		deleted = true
		return s.frame.Record(ctx, tx, domain.Actor{}, *p, domain.PortInEvent{Type: domain.EventDraftDeleted,
			Detail: "Draft deleted after " + itoa(int(s.cfg.DraftRetention.Hours()/24)) + " days without changes"})
	})
	return deleted, err
}

// SweepStaleDrafts deletes every stale draft; a safety net for drafts whose job was lost.
func (s *Service) SweepStaleDrafts(ctx context.Context) (n int, err error) {
	defer desk.Wrap(&err, "sweep stale drafts")
	stale, err := s.desk.Store.StaleDrafts(ctx, s.desk.Now().Add(-s.cfg.DraftRetention), 500)
	if err != nil {
		return 0, err
	}
	for _, p := range stale {
		ok, err := s.DeleteStaleDraft(ctx, p.ID)
		if err != nil {
			return n, err
		}
		if ok {
			n++
		}
	}
	return n, nil
}
