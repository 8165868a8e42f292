-- Every search by text looks for it in the accounts' names, folded, one by one: lower() on
-- each of a thousand names was most of that lookup (0.34–0.44 ms in the server, 0.09–0.13
-- from a folded copy), and the lookup most of a search for a name none bears. The names are
-- kept folded beside them, computed as they are written (sqlstore.AccountNamesFolded; SQLite
-- folds them as it reads). ANALYZE at once: without its own
-- statistics the planner took a word in the accounts' names as rarer than it was, and
-- planned a word searched in the queue three times slower (lower(name) had the statistics
-- of its index).
ALTER TABLE accounts ADD COLUMN name_folded TEXT GENERATED ALWAYS AS (lower(name)) STORED;
ANALYZE accounts;
