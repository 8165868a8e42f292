-- Lists and searches at a million requests (#17). Each list query is served by an index,
-- and what a list shows of a request's numbers and notes is kept on the request, so a page
-- costs its 50 rows and not a count per row.

-- open: the status still holds its numbers (domain.Status.Open); written with the status,
-- so the queue's "any open status" lists walk (open, id) instead of every request.
ALTER TABLE port_ins ADD COLUMN open BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE port_ins SET open = status IN ('draft', 'submitted', 'in_progress', 'scheduled', 'action_required');
-- btn_rev: the BTN's digits reversed, so "ends with these digits" is an index range.
-- COLLATE "C": a range of digit strings is a prefix only in byte order.
ALTER TABLE port_ins ADD COLUMN btn_rev TEXT COLLATE "C" NOT NULL DEFAULT '';
UPDATE port_ins SET btn_rev = reverse(substr(btn, 2)) WHERE btn <> '';
-- Kept by the triggers below.
ALTER TABLE port_ins ADD COLUMN numbers_count BIGINT NOT NULL DEFAULT 0;
ALTER TABLE port_ins ADD COLUMN first_number TEXT NOT NULL DEFAULT '';
ALTER TABLE port_ins ADD COLUMN notes_count BIGINT NOT NULL DEFAULT 0; -- customer-visible notes only

ALTER TABLE port_in_numbers ADD COLUMN digits_rev TEXT COLLATE "C" NOT NULL DEFAULT '';
UPDATE port_in_numbers SET digits_rev = reverse(substr(number, 2));

UPDATE port_ins p SET
	numbers_count = (SELECT COUNT(*) FROM port_in_numbers n WHERE n.port_in_id = p.id),
	first_number = COALESCE((SELECT MIN(n.number) FROM port_in_numbers n WHERE n.port_in_id = p.id), ''),
	notes_count = (SELECT COUNT(*) FROM notes t WHERE t.port_in_id = p.id AND NOT t.internal);

-- A customer's list by status and its open or ended view; a single status across accounts;
-- the queue; by agent.
CREATE INDEX port_ins_account_status ON port_ins (account_id, status, id);
CREATE INDEX port_ins_account_open ON port_ins (account_id, open, id);
CREATE INDEX port_ins_status_id ON port_ins (status, id);
CREATE INDEX port_ins_open ON port_ins (open, id);
CREATE INDEX port_ins_open_assigned ON port_ins (open, assigned_to, id);
CREATE INDEX port_ins_btn ON port_ins (btn) WHERE btn <> '';
CREATE INDEX port_ins_btn_rev ON port_ins (btn_rev) WHERE btn_rev <> '';
CREATE INDEX port_in_numbers_digits_rev ON port_in_numbers (digits_rev);

-- Statement-level triggers with transition tables: a bulk insert of 100,000 numbers
-- updates each request once, not once per number.
CREATE FUNCTION port_in_numbers_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE port_ins p SET numbers_count = p.numbers_count + c.n,
		first_number = CASE WHEN p.numbers_count = 0 THEN c.m ELSE LEAST(p.first_number, c.m) END
	FROM (SELECT port_in_id, COUNT(*) AS n, MIN(number) AS m FROM added GROUP BY port_in_id) c
	WHERE p.id = c.port_in_id;
	RETURN NULL;
END $$;

-- The first number is read back by the primary key (port_in_id, number): one index probe.
CREATE FUNCTION port_in_numbers_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE port_ins p SET numbers_count = p.numbers_count - c.n,
		first_number = COALESCE((SELECT MIN(n.number) FROM port_in_numbers n WHERE n.port_in_id = p.id), '')
	FROM (SELECT port_in_id, COUNT(*) AS n FROM removed GROUP BY port_in_id) c
	WHERE p.id = c.port_in_id;
	RETURN NULL;
END $$;

-- An update that moves numbers (an order split off) takes them from one request and gives
-- them to another; one that only changes their status moves none and returns at once.
CREATE FUNCTION port_in_numbers_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF NOT EXISTS (SELECT port_in_id, COUNT(*) FROM removed GROUP BY port_in_id
		EXCEPT SELECT port_in_id, COUNT(*) FROM added GROUP BY port_in_id) THEN
		RETURN NULL;
	END IF;
	UPDATE port_ins p SET numbers_count = p.numbers_count + c.n,
		first_number = COALESCE((SELECT MIN(n.number) FROM port_in_numbers n WHERE n.port_in_id = p.id), '')
	FROM (SELECT id, SUM(n) AS n FROM (SELECT port_in_id AS id, COUNT(*) AS n FROM added GROUP BY port_in_id
		UNION ALL SELECT port_in_id, -COUNT(*) FROM removed GROUP BY port_in_id) x GROUP BY id) c
	WHERE p.id = c.id;
	RETURN NULL;
END $$;

CREATE TRIGGER port_in_numbers_added AFTER INSERT ON port_in_numbers
	REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION port_in_numbers_added();
CREATE TRIGGER port_in_numbers_removed AFTER DELETE ON port_in_numbers
	REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION port_in_numbers_removed();
CREATE TRIGGER port_in_numbers_moved AFTER UPDATE ON port_in_numbers
	REFERENCING OLD TABLE AS removed NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION port_in_numbers_moved();

CREATE FUNCTION notes_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE port_ins p SET notes_count = p.notes_count + c.n
	FROM (SELECT port_in_id, COUNT(*) AS n FROM added WHERE NOT internal GROUP BY port_in_id) c
	WHERE p.id = c.port_in_id;
	RETURN NULL;
END $$;

CREATE FUNCTION notes_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE port_ins p SET notes_count = p.notes_count - c.n
	FROM (SELECT port_in_id, COUNT(*) AS n FROM removed WHERE NOT internal GROUP BY port_in_id) c
	WHERE p.id = c.port_in_id;
	RETURN NULL;
END $$;

CREATE TRIGGER notes_added AFTER INSERT ON notes
	REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION notes_added();
CREATE TRIGGER notes_removed AFTER DELETE ON notes
	REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION notes_removed();
