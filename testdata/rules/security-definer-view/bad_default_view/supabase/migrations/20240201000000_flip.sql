create view public.recent_orders with (security_invoker = true) as -- expect: security-definer-view
  select * from public.orders where id > 100;
-- A later migration switches it off again.
alter view public.recent_orders set (security_invoker = false);
create or replace view public.order_totals_v2 as select * from public.orders; -- expect: security-definer-view
