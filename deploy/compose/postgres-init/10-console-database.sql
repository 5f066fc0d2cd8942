-- The staff console's read model and access audit live in a database of their own (the scheduler
-- keeps "outreach"); run by the postgres image on the first start of an empty data volume.
CREATE DATABASE outreach_console OWNER outreach;
