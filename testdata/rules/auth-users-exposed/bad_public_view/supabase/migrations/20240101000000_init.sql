create view public.members as -- expect: auth-users-exposed
  select u.id, u.email from auth.users u;
create materialized view public.member_emails as select email from auth.users join public.x on true; -- expect: auth-users-exposed
create view public.member_names with (security_invoker = on) as select id from auth.users; -- expect: auth-users-exposed
