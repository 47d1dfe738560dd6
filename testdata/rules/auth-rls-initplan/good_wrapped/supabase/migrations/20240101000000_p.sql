create table public.notes (id bigint primary key, owner uuid);
alter table public.notes enable row level security;
create policy "own" on public.notes using ((select auth.uid()) = owner);
