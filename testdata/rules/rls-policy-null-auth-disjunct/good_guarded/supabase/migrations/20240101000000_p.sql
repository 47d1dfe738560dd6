create table public.notes (id bigint primary key, owner uuid);
alter table public.notes enable row level security;
create policy "own rows" on public.notes for select
  using (auth.uid() is not null and (owner = auth.uid() or owner is null));
create policy "service" on public.notes for select to service_role using (auth.uid() is null or true);
