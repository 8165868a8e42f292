-- The overdue view when few are overdue (#17): a walk of a status newest first reads every
-- entry of it to find its oldest few (5–6 ms of CPU a page at a million requests, 0.3 s
-- p99 at 32 callers). These read just the overdue ones; SQLite keeps no statistics to choose
-- between them and the walk, so sqlstore counts from them, up to a bound, and names the
-- index each arm reads (sqlstore.OverdueByDate). PostgreSQL's planner chooses by its own
-- statistics, and has neither.
CREATE INDEX port_ins_status_foc ON port_ins (status, foc);
CREATE INDEX port_ins_status_submitted ON port_ins (status, submitted_at);
