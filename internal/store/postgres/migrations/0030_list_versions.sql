-- An account's list version (#17): bumped, in the same transaction, by every write to one
-- of its port-in requests (their numbers and notes included, through the counts their
-- triggers keep on the request) and by a new name or country, which a list shows. A
-- customer's list page is then cached by the versions of the accounts it covers: an API
-- client polling an unchanged list costs a read of its token and nothing else. Triggers,
-- not the code, keep it, so that no way of writing a request (a change, an upload, a job,
-- a seed) can leave a cached page stale.
ALTER TABLE accounts ADD COLUMN port_ins_version BIGINT NOT NULL DEFAULT 0;

-- Statement-level, with transition tables: an upload bumps each account once per
-- statement, not once per row.
CREATE FUNCTION port_ins_added_relist() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE accounts a SET port_ins_version = a.port_ins_version + 1 WHERE a.id IN (SELECT account_id FROM added);
	RETURN NULL;
END $$;
CREATE FUNCTION port_ins_removed_relist() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE accounts a SET port_ins_version = a.port_ins_version + 1 WHERE a.id IN (SELECT account_id FROM removed);
	RETURN NULL;
END $$;
CREATE FUNCTION port_ins_changed_relist() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE accounts a SET port_ins_version = a.port_ins_version + 1
	WHERE a.id IN (SELECT account_id FROM added UNION SELECT account_id FROM removed);
	RETURN NULL;
END $$;
CREATE TRIGGER port_ins_added_relist AFTER INSERT ON port_ins
	REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION port_ins_added_relist();
CREATE TRIGGER port_ins_removed_relist AFTER DELETE ON port_ins
	REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION port_ins_removed_relist();
CREATE TRIGGER port_ins_changed_relist AFTER UPDATE ON port_ins
	REFERENCING OLD TABLE AS removed NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION port_ins_changed_relist();

CREATE FUNCTION accounts_relist() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	NEW.port_ins_version := OLD.port_ins_version + 1;
	RETURN NEW;
END $$;
CREATE TRIGGER accounts_relist BEFORE UPDATE OF name, country ON accounts FOR EACH ROW
	WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.country IS DISTINCT FROM NEW.country)
	EXECUTE FUNCTION accounts_relist();
