-- A counter every change to the porting agreements moves: what is compiled from the table
-- (the checker's index of providers) is kept until it moves, on every replica, instead of
-- being read and compiled again on every GET of a request.
CREATE TABLE porting_agreements_version (
	id      INTEGER PRIMARY KEY CHECK (id = 1),
	version BIGINT NOT NULL
);

INSERT INTO porting_agreements_version (id, version) VALUES (1, 1);
