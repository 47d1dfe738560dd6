create table public.reports (id bigint primary key, body text);
alter table public.reports enable row level security;
create policy "admins read" on public.reports for select
  using ((auth.jwt() -> 'app_metadata' ->> 'role') = 'admin');
