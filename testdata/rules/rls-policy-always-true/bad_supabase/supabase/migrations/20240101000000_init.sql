create table public.profiles (id uuid primary key references auth.users, full_name text);
alter table public.profiles enable row level security;
create policy "anyone can edit profiles" on public.profiles
  for update using (true); -- expect: rls-policy-always-true

create table public.messages (id bigint primary key, author uuid, body text);
alter table public.messages enable row level security;
create policy "post as anyone" on public.messages for insert to anon
  with check (true); -- expect: rls-policy-always-true
create policy "members manage messages" on public.messages
  to authenticated
  using ( true ); -- expect: rls-policy-always-true

create table public.invoices (id bigint primary key, org_id uuid not null, amount bigint);
alter table public.invoices enable row level security;
create policy "read invoices" on public.invoices for select
  using (true); -- expect: rls-policy-always-true
