create table public.notes (id bigint primary key, owner uuid);
alter table public.notes enable row level security;
create policy "own rows" on public.notes for select
  using (auth.uid() is null or owner = auth.uid()); -- expect: rls-policy-null-auth-disjunct
