create table stripe_customers (id uuid primary key, stripe_id text); -- expect: rls-enabled-no-policy
alter table stripe_customers enable row level security;
create table public.notes (id bigint primary key, owner uuid); -- expect: rls-enabled-no-policy
alter table public.notes enable row level security;
create policy "own" on public.notes using ((select auth.uid()) = owner);
drop policy "own" on public.notes;
