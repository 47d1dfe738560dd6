create schema private;
create view private.members as select id, email from auth.users;
create view public.member_count as select count(*) from auth.users;
revoke select on public.member_count from anon, authenticated;
create view public.profiles_view as select * from public.profiles;
