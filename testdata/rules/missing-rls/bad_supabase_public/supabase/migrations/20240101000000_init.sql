-- Profiles: exposed through the Data API with no RLS.
create table public.profiles ( -- expect: missing-rls
  id uuid primary key references auth.users,
  full_name text
);

-- Unqualified tables are in public too.
CREATE TABLE IF NOT EXISTS "Notes" ( -- expect: missing-rls
  id bigint generated always as identity primary key,
  body text
);

-- Protected: RLS and a policy.
create table todos (id bigint primary key, owner uuid not null, task text);
alter table todos enable row level security;
create policy "owners manage their todos" on todos for all using (auth.uid() = owner);

-- Private table: RLS with no policy denies every API role (rls-enabled-no-policy notes it).
create table stripe_customers (id uuid primary key, stripe_id text);
alter table stripe_customers enable row level security;

-- Not in public: not exposed through the API, no tenancy column.
create table private.audit_log (id bigint, entry jsonb);

-- A multi-tenant table with RLS but no policy: the app must read it with the service-role key.
create table public.projects (id uuid primary key, org_id uuid not null); -- expect: missing-rls
alter table public.projects enable row level security;
