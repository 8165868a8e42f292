-- Carriers (#5): the upstream porting desks orders are emailed to.
CREATE TABLE carriers (
	id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	name       TEXT NOT NULL,
	email      TEXT NOT NULL,
	countries  TEXT NOT NULL,
	categories TEXT NOT NULL,
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX carriers_name ON carriers (lower(name));
