create schema private;
create view private.members as select id, email from auth.users;
create view public.member_count as select count(*) from auth.users;
revoke select on public.member_count from anon, authenticated;
create view public.profiles_view as select * from public.profiles;
create view public.member_names with (security_invoker = on) as select id from auth.users;
alter table auth.users enable row level security;
