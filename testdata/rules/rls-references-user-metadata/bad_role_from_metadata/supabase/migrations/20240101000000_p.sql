create table public.reports (id bigint primary key, body text);
alter table public.reports enable row level security;
create policy "admins read" on public.reports for select
  using ((auth.jwt() -> 'user_metadata' ->> 'role') = 'admin'); -- expect: rls-references-user-metadata
