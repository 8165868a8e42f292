-- Lists and searches at a million requests (#17). Each list query is served by an index,
-- and what a list shows of a request's numbers and notes is kept on the request, so a page
-- costs its 50 rows and not a count per row.

-- open: the status still holds its numbers (domain.Status.Open); written with the status,
-- so the queue's "any open status" lists walk (open, id) instead of every request.
ALTER TABLE port_ins ADD COLUMN open INTEGER NOT NULL DEFAULT 0;
UPDATE port_ins SET open = status IN ('draft', 'submitted', 'in_progress', 'scheduled', 'action_required');
-- btn_rev and digits_rev: the digits reversed, so "ends with these digits" is an index range.
ALTER TABLE port_ins ADD COLUMN btn_rev TEXT NOT NULL DEFAULT '';
ALTER TABLE port_ins ADD COLUMN numbers_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE port_ins ADD COLUMN first_number TEXT NOT NULL DEFAULT '';
ALTER TABLE port_ins ADD COLUMN notes_count INTEGER NOT NULL DEFAULT 0; -- customer-visible notes only
ALTER TABLE port_in_numbers ADD COLUMN digits_rev TEXT NOT NULL DEFAULT '';

-- SQLite has no reverse(): a recursive CTE spells each string backwards.
UPDATE port_in_numbers SET digits_rev = (
	WITH RECURSIVE r(i, out) AS (SELECT 2, '' UNION ALL SELECT i + 1, substr(port_in_numbers.number, i, 1) || out FROM r
		WHERE i <= length(port_in_numbers.number))
	SELECT out FROM r ORDER BY i DESC LIMIT 1);
UPDATE port_ins SET btn_rev = (
	WITH RECURSIVE r(i, out) AS (SELECT 2, '' UNION ALL SELECT i + 1, substr(port_ins.btn, i, 1) || out FROM r
		WHERE i <= length(port_ins.btn))
	SELECT out FROM r ORDER BY i DESC LIMIT 1) WHERE btn <> '';

UPDATE port_ins SET
	numbers_count = (SELECT COUNT(*) FROM port_in_numbers n WHERE n.port_in_id = port_ins.id),
	first_number = COALESCE((SELECT MIN(n.number) FROM port_in_numbers n WHERE n.port_in_id = port_ins.id), ''),
	notes_count = (SELECT COUNT(*) FROM notes t WHERE t.port_in_id = port_ins.id AND NOT t.internal);

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

-- The first number is read back by the primary key (port_in_id, number): one index probe.
CREATE TRIGGER port_in_numbers_added AFTER INSERT ON port_in_numbers BEGIN
	UPDATE port_ins SET numbers_count = numbers_count + 1,
		first_number = CASE WHEN numbers_count = 0 OR NEW.number < first_number THEN NEW.number ELSE first_number END
	WHERE id = NEW.port_in_id;
END;
CREATE TRIGGER port_in_numbers_removed AFTER DELETE ON port_in_numbers BEGIN
	UPDATE port_ins SET numbers_count = numbers_count - 1,
		first_number = COALESCE((SELECT MIN(number) FROM port_in_numbers WHERE port_in_id = OLD.port_in_id), '')
	WHERE id = OLD.port_in_id;
END;
-- A move (an order split off) takes a number from one request and gives it to another.
CREATE TRIGGER port_in_numbers_moved AFTER UPDATE OF port_in_id ON port_in_numbers
WHEN OLD.port_in_id <> NEW.port_in_id BEGIN
	UPDATE port_ins SET numbers_count = numbers_count - 1,
		first_number = COALESCE((SELECT MIN(number) FROM port_in_numbers WHERE port_in_id = OLD.port_in_id), '')
	WHERE id = OLD.port_in_id;
	UPDATE port_ins SET numbers_count = numbers_count + 1,
		first_number = CASE WHEN numbers_count = 0 OR NEW.number < first_number THEN NEW.number ELSE first_number END
	WHERE id = NEW.port_in_id;
END;
CREATE TRIGGER notes_added AFTER INSERT ON notes WHEN NOT NEW.internal BEGIN
	UPDATE port_ins SET notes_count = notes_count + 1 WHERE id = NEW.port_in_id;
END;
CREATE TRIGGER notes_removed AFTER DELETE ON notes WHEN NOT OLD.internal BEGIN
	UPDATE port_ins SET notes_count = notes_count - 1 WHERE id = OLD.port_in_id;
END;
