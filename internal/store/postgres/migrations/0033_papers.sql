-- How many documents, LOA signatures and sent letters a request has (#17), kept by triggers
-- as they are added and removed (none moves from one request to another), so that a GET of
-- a draft with none, most drafts until a bill is uploaded or the letter signed, does not read
-- the three tables to find nothing: three of its eleven statements.
ALTER TABLE port_ins ADD COLUMN papers BIGINT NOT NULL DEFAULT 0;
UPDATE port_ins p SET papers = c.n FROM (
	SELECT port_in_id, COUNT(*) AS n FROM (
		SELECT port_in_id FROM documents UNION ALL SELECT port_in_id FROM loa_signatures
		UNION ALL SELECT port_in_id FROM frozen_letters) x GROUP BY port_in_id) c
WHERE p.id = c.port_in_id;

CREATE FUNCTION papers_counted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'INSERT' THEN
		UPDATE port_ins SET papers = papers + 1 WHERE id = NEW.port_in_id;
	ELSE
		UPDATE port_ins SET papers = papers - 1 WHERE id = OLD.port_in_id;
	END IF;
	RETURN NULL;
END $$;
CREATE TRIGGER documents_counted AFTER INSERT OR DELETE ON documents
	FOR EACH ROW EXECUTE FUNCTION papers_counted();
CREATE TRIGGER loa_signatures_counted AFTER INSERT OR DELETE ON loa_signatures
	FOR EACH ROW EXECUTE FUNCTION papers_counted();
CREATE TRIGGER frozen_letters_counted AFTER INSERT OR DELETE ON frozen_letters
	FOR EACH ROW EXECUTE FUNCTION papers_counted();
