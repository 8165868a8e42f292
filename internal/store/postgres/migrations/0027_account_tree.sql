-- Every account with each account above it and itself: an actor's scope, read on every
-- request, is one indexed range of this table instead of a recursive walk down the tree
-- per request. Accounts never move (no parent is changed) and are never deleted, so an
-- account's rows are written once, with it, by the trigger below (whoever inserts it).
CREATE TABLE account_tree (
	ancestor_id BIGINT NOT NULL REFERENCES accounts (id),
	account_id  BIGINT NOT NULL REFERENCES accounts (id),
	PRIMARY KEY (ancestor_id, account_id)
);
CREATE INDEX account_tree_account ON account_tree (account_id);

INSERT INTO account_tree (ancestor_id, account_id)
WITH RECURSIVE up(ancestor_id, account_id) AS (
	SELECT id, id FROM accounts
	UNION ALL
	SELECT a.parent_id, up.account_id FROM up JOIN accounts a ON a.id = up.ancestor_id WHERE a.parent_id IS NOT NULL
) SELECT ancestor_id, account_id FROM up;

-- A new account is below whatever its parent is below, and below itself.
CREATE FUNCTION accounts_tree() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO account_tree (ancestor_id, account_id)
	SELECT ancestor_id, NEW.id FROM account_tree WHERE account_id = NEW.parent_id
	UNION ALL SELECT NEW.id, NEW.id;
	RETURN NULL;
END $$;

CREATE TRIGGER accounts_tree AFTER INSERT ON accounts FOR EACH ROW EXECUTE FUNCTION accounts_tree();
