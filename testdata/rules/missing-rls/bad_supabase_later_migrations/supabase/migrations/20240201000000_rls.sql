-- A later migration renames and protects `todo`, drops `scratch`.
alter table todo rename to todos;
alter table only public.todos enable row level security;
create policy "own todos" on public.todos using (auth.uid() = owner);
drop table if exists scratch;
alter table comments enable row level security;
create policy "read comments" on comments for select using (true);
