alter table public.notes enable row level security;
create table public.old (id bigint primary key);
create policy "x" on public.old using (true);
drop policy "x" on public.old;
