create function public.delete_user(uid uuid) returns void language sql security definer
  set search_path = '' as $$ delete from auth.users where id = uid $$;
revoke execute on function public.delete_user(uuid) from public, anon, authenticated;
create function public.handle_new_user() returns trigger language plpgsql security definer
  set search_path = '' as $$ begin return new; end $$;
create function public.safe() returns int language sql as $$ select 1 $$;
create function public.user_facing() returns int
  language sql security definer set search_path = '' as $$ select 1 $$;
revoke execute on function public.user_facing() from public, anon;
