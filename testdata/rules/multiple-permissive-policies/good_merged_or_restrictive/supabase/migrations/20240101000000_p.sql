create table public.notes (id bigint primary key, owner uuid, shared boolean);
alter table public.notes enable row level security;
create policy "own or shared" on public.notes for select to authenticated using ((select auth.uid()) = owner or shared);
create policy "not banned" on public.notes as restrictive for select to authenticated using (true);
create policy "insert own" on public.notes for insert to authenticated with check ((select auth.uid()) = owner);
