create table public.profiles (id uuid primary key references auth.users, full_name text);
alter table public.profiles enable row level security;
create policy "profiles are readable" on public.profiles for select using (true);
create policy "own profile" on public.profiles for update using (auth.uid() = id);

-- Strings, functions and comments that mention create table do not count.
create or replace function public.touch() returns trigger language plpgsql as $$
begin
  execute 'create table public.not_a_table (id int)';
  return new;
end;
$$;
/* create table public.commented_out (id int); */

-- Another schema, no tenancy column: not exposed, nothing to do.
create table internal.jobs (id bigint primary key, payload jsonb);
