create table public.notes (id bigint primary key, owner uuid, shared boolean);
alter table public.notes enable row level security;
create policy "own" on public.notes for select to authenticated using ((select auth.uid()) = owner);
create policy "shared" on public.notes for select to authenticated using (shared); -- expect: multiple-permissive-policies
