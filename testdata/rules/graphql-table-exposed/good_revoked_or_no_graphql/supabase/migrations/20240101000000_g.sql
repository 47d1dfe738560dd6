create extension pg_graphql;
create table public.audit_log (id bigint primary key, detail jsonb);
revoke select on public.audit_log from anon, authenticated;
