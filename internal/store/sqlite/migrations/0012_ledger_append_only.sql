-- The fees ledger only grows (#6): an entry is never edited or deleted, whatever runs the
-- SQL. A mistake is undone by a reversal or an adjustment, which the statement shows.
CREATE TRIGGER ledger_entries_no_update BEFORE UPDATE ON ledger_entries
BEGIN
	SELECT RAISE(ABORT, 'ledger entries are never edited: add a reversal or an adjustment');
END;
CREATE TRIGGER ledger_entries_no_delete BEFORE DELETE ON ledger_entries
BEGIN
	SELECT RAISE(ABORT, 'ledger entries are never deleted: add a reversal or an adjustment');
END;
