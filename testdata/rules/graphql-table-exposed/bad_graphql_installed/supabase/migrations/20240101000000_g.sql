create extension pg_graphql;
create table public.audit_log (id bigint primary key, detail jsonb); -- expect: graphql-table-exposed
alter table public.audit_log enable row level security;
