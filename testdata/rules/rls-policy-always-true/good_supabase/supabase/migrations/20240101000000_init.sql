-- Public catalogue: reading everything is the point.
create table public.products (id text primary key, name text, active boolean);
alter table public.products enable row level security;
create policy "Allow public read-only access." on public.products for select using (true);

create table public.profiles (id uuid primary key references auth.users, full_name text);
alter table public.profiles enable row level security;
create policy "users edit their profile" on public.profiles
  for update using (auth.uid() = id) with check (auth.uid() = id);

-- Only the service role: not reachable with the anon key.
create policy "service role does anything" on public.profiles for all to service_role using (true);

-- Restrictive policies narrow access; `true` there grants nothing.
create policy "no-op restriction" on public.profiles as restrictive for all using (true);

-- An over-broad policy replaced in the same migration set.
create table public.notes (id bigint primary key, owner uuid, body text);
alter table public.notes enable row level security;
create policy "notes" on public.notes for all using (true);
