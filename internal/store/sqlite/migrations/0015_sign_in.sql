-- Sign-in attempts are reserved before a password is checked, in one statement that counts
-- and records together, so parallel tries cannot all slip under the limit; each row has an id
-- so that one reservation can be handed back (a login that succeeded, or never got checked).
CREATE TABLE login_attempts (
	id  INTEGER PRIMARY KEY,
	key TEXT NOT NULL,
	at  INTEGER NOT NULL
);
CREATE INDEX login_attempts_key ON login_attempts (key, at);
INSERT INTO login_attempts (key, at) SELECT key, at FROM login_failures;
DROP TABLE login_failures;

-- Sessions end when idle as well as at their absolute end: last_seen_at is touched at most
-- once a minute. Sessions from before take their start as last seen.
ALTER TABLE sessions ADD COLUMN last_seen_at INTEGER NOT NULL DEFAULT 0;
UPDATE sessions SET last_seen_at = created_at;
