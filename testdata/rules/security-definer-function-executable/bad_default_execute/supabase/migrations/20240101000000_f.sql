create function public.delete_user(uid uuid) returns void language sql security definer -- expect: security-definer-function-executable
  set search_path = '' as $$ delete from auth.users where id = uid $$;
create function public.grant_credits(n int) returns void language sql security definer -- expect: security-definer-function-executable
  set search_path = '' as $$ select 1 $$;
revoke execute on function public.grant_credits(int) from authenticated;
