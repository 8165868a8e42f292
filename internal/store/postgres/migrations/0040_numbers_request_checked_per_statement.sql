-- A number's request is checked once per statement, not once per number. PostgreSQL runs a
-- foreign key's check for each row: for a 100,000-number upload, 100,000 lookups of the same
-- request, a third of the COPY. The statement triggers that keep each request's count already
-- update every request a statement touches, once; they now also say that each one exists. The
-- count's UPDATE locks each request (more strongly than the key check's share lock), so a
-- request deleted meanwhile is not found and the statement fails as the foreign key would
-- (23503). A request deleted takes its numbers, as the cascade did.
ALTER TABLE port_in_numbers DROP CONSTRAINT port_in_numbers_port_in_id_fkey;

-- Fewer requests found than a statement's numbers name: the foreign key's error.
CREATE FUNCTION port_in_numbers_requests_found(updated BIGINT, requests BIGINT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	IF updated < requests THEN
		RAISE EXCEPTION 'a number''s request does not exist' USING ERRCODE = 'foreign_key_violation';
	END IF;
END $$;

CREATE OR REPLACE FUNCTION port_in_numbers_added() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	requests BIGINT;
	updated BIGINT;
BEGIN
	SELECT COUNT(DISTINCT port_in_id) INTO requests FROM added;
	UPDATE port_ins p SET numbers_count = p.numbers_count + c.n,
		first_number = CASE WHEN p.numbers_count = 0 THEN c.m ELSE LEAST(p.first_number, c.m) END
	FROM (SELECT port_in_id, COUNT(*) AS n, MIN(number) AS m FROM added GROUP BY port_in_id) c
	WHERE p.id = c.port_in_id;
	GET DIAGNOSTICS updated = ROW_COUNT;
	PERFORM port_in_numbers_requests_found(updated, requests);
	RETURN NULL;
END $$;

-- Numbers moved to another request: the request they go to must exist too.
CREATE OR REPLACE FUNCTION port_in_numbers_moved() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	requests BIGINT;
	updated BIGINT;
BEGIN
	IF NOT EXISTS (SELECT port_in_id, COUNT(*) FROM removed GROUP BY port_in_id
		EXCEPT SELECT port_in_id, COUNT(*) FROM added GROUP BY port_in_id) THEN
		RETURN NULL;
	END IF;
	SELECT COUNT(*) INTO requests FROM (SELECT port_in_id FROM added UNION SELECT port_in_id FROM removed) x;
	UPDATE port_ins p SET numbers_count = p.numbers_count + c.n,
		first_number = COALESCE((SELECT MIN(n.number) FROM port_in_numbers n WHERE n.port_in_id = p.id), '')
	FROM (SELECT id, SUM(n) AS n FROM (SELECT port_in_id AS id, COUNT(*) AS n FROM added GROUP BY port_in_id
		UNION ALL SELECT port_in_id, -COUNT(*) FROM removed GROUP BY port_in_id) x GROUP BY id) c
	WHERE p.id = c.id;
	GET DIAGNOSTICS updated = ROW_COUNT;
	PERFORM port_in_numbers_requests_found(updated, requests);
	RETURN NULL;
END $$;

CREATE FUNCTION port_ins_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	DELETE FROM port_in_numbers n USING gone g WHERE n.port_in_id = g.id;
	RETURN NULL;
END $$;

CREATE TRIGGER port_ins_deleted AFTER DELETE ON port_ins
	REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION port_ins_deleted();
