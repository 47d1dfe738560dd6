create schema private;
create materialized view private.sales as select 1;
create materialized view public.stats as select 1;
revoke select on public.stats from anon, authenticated;
