-- Supabase connects API roles that do not own the tables: FORCE is not needed.
create table notes (id bigint primary key, owner uuid);
alter table notes enable row level security;
create policy "own notes" on notes using (auth.uid() = owner);
