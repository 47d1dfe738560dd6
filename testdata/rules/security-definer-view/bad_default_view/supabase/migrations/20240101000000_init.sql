create table public.orders (id bigint primary key, user_id uuid, total numeric);
alter table public.orders enable row level security;
create policy "own orders" on public.orders for select using ((select auth.uid()) = user_id);
create view public.order_totals as -- expect: security-definer-view
  select user_id, sum(total) as total from public.orders group by user_id;
