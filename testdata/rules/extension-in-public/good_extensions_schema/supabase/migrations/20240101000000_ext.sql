create extension if not exists pg_trgm with schema extensions;
create extension pg_cron;
create extension plpgsql;
create extension vector;
alter extension vector set schema extensions;
