create function public.user_only() returns int
  language sql security definer set search_path = '' as $$ select 1 $$;
revoke execute on function public.user_only() from public, authenticated;
create function auth.system_definer() returns int language sql security definer as $$ select 1 $$;
create function public.invoker_func() returns int language sql security invoker as $$ select 1 $$;
