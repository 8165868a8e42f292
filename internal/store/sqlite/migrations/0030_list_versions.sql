-- An account's list version (#17): bumped, in the same transaction, by every write to one
-- of its port-in requests (their numbers and notes included, through the counts their
-- triggers keep on the request) and by a new name or country, which a list shows. A
-- customer's list page is then cached by the versions of the accounts it covers: an API
-- client polling an unchanged list costs a read of its token and nothing else. Triggers,
-- not the code, keep it, so that no way of writing a request (a change, an upload, a job,
-- a seed) can leave a cached page stale.
ALTER TABLE accounts ADD COLUMN port_ins_version INTEGER NOT NULL DEFAULT 0;

CREATE TRIGGER port_ins_added_relist AFTER INSERT ON port_ins BEGIN
	UPDATE accounts SET port_ins_version = port_ins_version + 1 WHERE id = NEW.account_id;
END;
CREATE TRIGGER port_ins_removed_relist AFTER DELETE ON port_ins BEGIN
	UPDATE accounts SET port_ins_version = port_ins_version + 1 WHERE id = OLD.account_id;
END;
CREATE TRIGGER port_ins_changed_relist AFTER UPDATE ON port_ins BEGIN
	UPDATE accounts SET port_ins_version = port_ins_version + 1 WHERE id IN (OLD.account_id, NEW.account_id);
END;
-- Not recursive: this trigger's own update is of another column.
CREATE TRIGGER accounts_relist AFTER UPDATE OF name, country ON accounts
WHEN OLD.name IS NOT NEW.name OR OLD.country IS NOT NEW.country BEGIN
	UPDATE accounts SET port_ins_version = port_ins_version + 1 WHERE id = NEW.id;
END;
