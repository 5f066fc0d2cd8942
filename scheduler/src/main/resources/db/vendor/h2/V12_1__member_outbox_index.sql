-- PostgreSQL gets a partial index for the profile outbox here (see its V12_1). H2 has no partial
-- indexes and holds test-sized tables only: nothing to do.
SELECT 1;
