create function public.owner_of(doc bigint) returns uuid language sql -- expect: function-search-path-mutable
  as $$ select owner from documents where id = doc $$;
create or replace function public.is_admin() -- expect: function-search-path-mutable
returns boolean
language plpgsql security definer
as $$ begin return exists (select 1 from admins where id = auth.uid()); end $$;
create function public.pinned() returns int language sql set search_path = '' as $$ select 1 $$; -- expect: function-search-path-mutable
alter function public.pinned() reset search_path;
