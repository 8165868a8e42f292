-- People come and go (#15): a user is disabled (cannot sign in; sessions and tokens stop at
-- once) or removed (also gone from the lists, the email freed; the row stays for history).
ALTER TABLE users ADD COLUMN disabled_at BIGINT;
ALTER TABLE users ADD COLUMN removed_at BIGINT;

-- Single-use links emailed to people: an invitation to set a password and join an account,
-- or a password reset. Only the hash of the link's token is kept; a link is used once.
CREATE TABLE access_links (
	id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	purpose    TEXT NOT NULL,
	email      TEXT NOT NULL,
	user_id    BIGINT REFERENCES users (id) ON DELETE CASCADE,
	account_id BIGINT REFERENCES accounts (id),
	role       TEXT NOT NULL,
	name       TEXT NOT NULL,
	created_by BIGINT NOT NULL,
	token_hash BYTEA UNIQUE,
	created_at BIGINT NOT NULL,
	expires_at BIGINT NOT NULL,
	used_at    BIGINT
);
CREATE INDEX access_links_email ON access_links (email);
