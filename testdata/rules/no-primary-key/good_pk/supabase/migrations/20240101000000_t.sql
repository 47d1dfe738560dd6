create table public.events (id bigint generated always as identity primary key, name text);
create table public.tags (name text not null, constraint tags_pkey primary key (name));
create table public.later (id bigint);
alter table public.later add primary key (id);
