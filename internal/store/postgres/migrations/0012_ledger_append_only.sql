-- The fees ledger only grows (#6): an entry is never edited or deleted, whatever runs the
-- SQL. A mistake is undone by a reversal or an adjustment, which the statement shows.
CREATE FUNCTION ledger_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'ledger entries are never edited or deleted (% refused): add a reversal or an adjustment', TG_OP;
END
$$;
CREATE TRIGGER ledger_entries_no_change BEFORE UPDATE OR DELETE ON ledger_entries
	FOR EACH ROW EXECUTE FUNCTION ledger_entries_append_only();
CREATE TRIGGER ledger_entries_no_truncate BEFORE TRUNCATE ON ledger_entries
	FOR EACH STATEMENT EXECUTE FUNCTION ledger_entries_append_only();
