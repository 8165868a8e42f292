-- An account's list version (0030) also keeps what the API sends for one of its settled
-- requests (#17): the request's row, its numbers, its PACs, its events and its account. A
-- change to numbers' statuses or warnings writes the request's row after it (sqlstore's
-- numbersChanged, once a statement rather than a trigger per number). A PAC lives in a
-- table of its own and is read for the request it was entered on and for the orders split
-- from it; which numbers went live when, and by whom, is told by a partial completion's
-- event: each moves the versions of those requests' accounts here, in its transaction.
CREATE TRIGGER port_in_pacs_added_relist AFTER INSERT ON port_in_pacs BEGIN
	UPDATE accounts SET port_ins_version = port_ins_version + 1
	WHERE id IN (SELECT account_id FROM port_ins WHERE id = NEW.port_in_id OR parent_id = NEW.port_in_id);
END;
CREATE TRIGGER port_in_pacs_changed_relist AFTER UPDATE ON port_in_pacs BEGIN
	UPDATE accounts SET port_ins_version = port_ins_version + 1
	WHERE id IN (SELECT account_id FROM port_ins WHERE id IN (OLD.port_in_id, NEW.port_in_id) OR parent_id IN (OLD.port_in_id, NEW.port_in_id));
END;
CREATE TRIGGER port_in_pacs_removed_relist AFTER DELETE ON port_in_pacs BEGIN
	UPDATE accounts SET port_ins_version = port_ins_version + 1
	WHERE id IN (SELECT account_id FROM port_ins WHERE id = OLD.port_in_id OR parent_id = OLD.port_in_id);
END;

CREATE TRIGGER events_ported_relist AFTER INSERT ON events
WHEN NEW.type = 'numbers_ported' AND NEW.port_out_id IS NULL BEGIN
	UPDATE accounts SET port_ins_version = port_ins_version + 1
	WHERE id = (SELECT account_id FROM port_ins WHERE id = NEW.port_in_id);
END;
