create table public.orders (id bigint primary key, user_id uuid, total numeric);
alter table public.orders enable row level security;
create view public.order_totals with (security_invoker = on) as
  select user_id, sum(total) as total from public.orders group by user_id;
create view public.legacy as select * from public.orders;
alter view public.legacy set (security_invoker = true);
create schema private;
create view private.all_orders as select * from public.orders;
create view public.admin_orders as select * from public.orders;
revoke all on public.admin_orders from anon, authenticated;
create view public.dropped_later as select * from public.orders;
drop view public.dropped_later;
