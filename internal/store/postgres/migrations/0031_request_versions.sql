-- An account's list version (0030) also keeps what the API sends for one of its settled
-- requests (#17): the request's row, its numbers, its PACs, its events and its account. A
-- change to numbers' statuses or warnings writes the request's row after it (sqlstore's
-- numbersChanged, as on SQLite, which has no statement-level triggers). A PAC lives in a
-- table of its own and is read for the request it was entered on and for the orders split
-- from it; which numbers went live when, and by whom, is told by a partial completion's
-- event: each moves the versions of those requests' accounts, at commit like the rest (0030
-- says why).
CREATE FUNCTION port_in_pacs_relist() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	ids BIGINT[] := ARRAY[]::BIGINT[];
BEGIN
	IF TG_OP <> 'INSERT' THEN
		ids := ids || OLD.port_in_id;
	END IF;
	IF TG_OP <> 'DELETE' THEN
		ids := ids || NEW.port_in_id;
	END IF;
	PERFORM relist_account(a) FROM (SELECT DISTINCT account_id AS a FROM port_ins
		WHERE id = ANY (ids) OR parent_id = ANY (ids)) x;
	RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER port_in_pacs_relist AFTER INSERT OR UPDATE OR DELETE ON port_in_pacs
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION port_in_pacs_relist();

CREATE FUNCTION events_ported_relist() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM relist_account(account_id) FROM port_ins WHERE id = NEW.port_in_id;
	RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER events_ported_relist AFTER INSERT ON events
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
	WHEN (NEW.type = 'numbers_ported' AND NEW.port_out_id IS NULL) EXECUTE FUNCTION events_ported_relist();
