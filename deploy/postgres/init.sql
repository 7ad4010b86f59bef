-- Runs once, on the first start of an empty data directory (docker-entrypoint-initdb.d).
-- One database per service; each service's migrations create its tables.
CREATE DATABASE gateway;
CREATE DATABASE content;
CREATE DATABASE tickets;
CREATE DATABASE policy;
CREATE DATABASE search;
