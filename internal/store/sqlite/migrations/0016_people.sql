-- People come and go (#15): a user is disabled (cannot sign in; sessions and tokens stop at
-- once) or removed (also gone from the lists, the email freed; the row stays for history).
ALTER TABLE users ADD COLUMN disabled_at INTEGER;
ALTER TABLE users ADD COLUMN removed_at INTEGER;

-- Single-use links emailed to people: an invitation to set a password and join an account,
-- or a password reset. Only the hash of the link's token is kept; a link is used once.
CREATE TABLE access_links (
	id         INTEGER PRIMARY KEY,
	purpose    TEXT NOT NULL,
	email      TEXT NOT NULL,
	user_id    INTEGER REFERENCES users (id) ON DELETE CASCADE,
	account_id INTEGER REFERENCES accounts (id),
	role       TEXT NOT NULL,
	name       TEXT NOT NULL,
	created_by INTEGER NOT NULL,
	token_hash BLOB UNIQUE,
	created_at INTEGER NOT NULL,
	expires_at INTEGER NOT NULL,
	used_at    INTEGER
);
CREATE INDEX access_links_email ON access_links (email);
