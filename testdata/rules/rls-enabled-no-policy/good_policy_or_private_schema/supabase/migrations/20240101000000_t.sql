create table public.notes (id bigint primary key, owner uuid);
alter table public.notes enable row level security;
create policy "own" on public.notes using ((select auth.uid()) = owner);
create schema private;
create table private.stripe_customers (id uuid primary key, stripe_id text);
alter table private.stripe_customers enable row level security;
create table public.open (id bigint primary key);
