create table public.notes (id bigint primary key, owner uuid); -- expect: policy-without-rls
create policy "own notes" on public.notes using (auth.uid() = owner);
create table public.tasks (id bigint primary key, owner uuid);
alter table public.tasks enable row level security;
create policy "own tasks" on public.tasks using (auth.uid() = owner);
