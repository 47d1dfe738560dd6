create function public.owner_of(doc bigint) returns uuid language sql set search_path = ''
  as $$ select owner from public.documents where id = doc $$;
create function public.later() returns int language sql as $$ select 1 $$;
alter function public.later() set search_path = public, pg_temp;
create function public.gone() returns int language sql as $$ select 1 $$;
drop function public.gone();
