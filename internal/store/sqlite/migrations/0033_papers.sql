-- How many documents, LOA signatures and sent letters a request has (#17), kept by triggers
-- as they are added and removed (none moves from one request to another), so that a GET of
-- a draft with none, most drafts until a bill is uploaded or the letter signed, does not read
-- the three tables to find nothing: three of its eleven statements.
ALTER TABLE port_ins ADD COLUMN papers INTEGER NOT NULL DEFAULT 0;
UPDATE port_ins SET papers =
	(SELECT COUNT(*) FROM documents d WHERE d.port_in_id = port_ins.id) +
	(SELECT COUNT(*) FROM loa_signatures g WHERE g.port_in_id = port_ins.id) +
	(SELECT COUNT(*) FROM frozen_letters f WHERE f.port_in_id = port_ins.id)
WHERE id IN (SELECT port_in_id FROM documents UNION SELECT port_in_id FROM loa_signatures
	UNION SELECT port_in_id FROM frozen_letters);

CREATE TRIGGER documents_counted AFTER INSERT ON documents BEGIN
	UPDATE port_ins SET papers = papers + 1 WHERE id = NEW.port_in_id;
END;
CREATE TRIGGER documents_uncounted AFTER DELETE ON documents BEGIN
	UPDATE port_ins SET papers = papers - 1 WHERE id = OLD.port_in_id;
END;
CREATE TRIGGER loa_signatures_counted AFTER INSERT ON loa_signatures BEGIN
	UPDATE port_ins SET papers = papers + 1 WHERE id = NEW.port_in_id;
END;
CREATE TRIGGER loa_signatures_uncounted AFTER DELETE ON loa_signatures BEGIN
	UPDATE port_ins SET papers = papers - 1 WHERE id = OLD.port_in_id;
END;
CREATE TRIGGER frozen_letters_counted AFTER INSERT ON frozen_letters BEGIN
	UPDATE port_ins SET papers = papers + 1 WHERE id = NEW.port_in_id;
END;
CREATE TRIGGER frozen_letters_uncounted AFTER DELETE ON frozen_letters BEGIN
	UPDATE port_ins SET papers = papers - 1 WHERE id = OLD.port_in_id;
END;
