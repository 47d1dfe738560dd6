create table public.notes (id bigint primary key, owner uuid);
create policy "own notes" on public.notes using (auth.uid() = owner);
