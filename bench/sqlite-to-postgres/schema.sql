-- The target table every contender loads into: dropped and created empty (with its primary key)
-- before each run. Run with: psql -v ON_ERROR_STOP=1 -f schema.sql
SET client_min_messages = warning;
CREATE SCHEMA IF NOT EXISTS bench;
DROP TABLE IF EXISTS bench.events;
CREATE TABLE bench.events (
  id         bigint PRIMARY KEY,
  score      double precision,
  label      text,
  payload    jsonb,
  created_at timestamp
);
