-- The overdue view when few are overdue (#17), as SQLite's 0032: without these an arm
-- ("submitted before", "in progress since before") walks its status in ID order through
-- every entry to find the oldest few: 15–30 ms in the server at a million requests, 97–168
-- ms p99 at 32 callers. The planner would not choose them unaided (it takes the status and
-- the date as independent, so it expects hundreds of old requests still submitted where
-- there are a few): sqlstore counts first and holds each arm to one or the other
-- (sqlstore.OverdueByDate). With the ID in them, both the count and the page read the
-- index alone.
CREATE INDEX port_ins_status_foc ON port_ins (status, foc, id) WHERE foc IS NOT NULL;
CREATE INDEX port_ins_status_submitted ON port_ins (status, submitted_at, id) WHERE submitted_at IS NOT NULL;
