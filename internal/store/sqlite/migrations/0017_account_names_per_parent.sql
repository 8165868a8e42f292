-- An account's name is unique among its siblings (top-level accounts among top-level ones),
-- not across the platform: a customer must neither learn nor squat other tenants' names.
-- COALESCE puts every top-level account under one parent, since NULLs never collide.
DROP INDEX accounts_name;
CREATE UNIQUE INDEX accounts_parent_name ON accounts (COALESCE(parent_id, 0), lower(name));
