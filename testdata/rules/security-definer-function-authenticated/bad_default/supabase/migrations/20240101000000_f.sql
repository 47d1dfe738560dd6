create function public.dispatch(target_id int) returns int -- expect: security-definer-function-authenticated
  language sql security definer set search_path = '' as $$ select target_id $$;
create function public.dispatch(target_id int, label text) returns int -- expect: security-definer-function-authenticated
  language sql security definer set search_path = '' as $$ select target_id $$;
create function public.admin_only() returns int -- expect: security-definer-function-authenticated
  language sql security definer set search_path = '' as $$ select 1 $$;
revoke execute on function public.admin_only() from public, anon;
