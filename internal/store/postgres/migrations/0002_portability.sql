-- Portability (#3): the porting-agreements table, an audit log for things that are not
-- requests, operator settings (the price table), split requests and accepted quotes.
CREATE TABLE porting_agreements (
	id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	country      TEXT NOT NULL,
	provider     TEXT NOT NULL,
	former_names TEXT NOT NULL,
	categories   TEXT NOT NULL,
	portable     TEXT NOT NULL,
	route        TEXT NOT NULL,
	notes        TEXT NOT NULL,
	updated_at   BIGINT NOT NULL
);

CREATE TABLE audit_log (
	id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	subject    TEXT NOT NULL,
	actor_id   BIGINT,
	actor_name TEXT NOT NULL,
	action     TEXT NOT NULL,
	detail     TEXT NOT NULL,
	at         BIGINT NOT NULL
);
CREATE INDEX audit_log_subject ON audit_log (subject, id);

CREATE TABLE settings (
	key        TEXT PRIMARY KEY,
	value      TEXT NOT NULL,
	updated_at BIGINT NOT NULL
);

ALTER TABLE port_ins ADD COLUMN parent_id BIGINT REFERENCES port_ins (id);
ALTER TABLE port_ins ADD COLUMN quote_acceptance TEXT;
ALTER TABLE port_ins ADD COLUMN line_type TEXT NOT NULL DEFAULT '';
ALTER TABLE port_ins ADD COLUMN ddi TEXT NOT NULL DEFAULT '';
CREATE INDEX port_ins_parent ON port_ins (parent_id);
