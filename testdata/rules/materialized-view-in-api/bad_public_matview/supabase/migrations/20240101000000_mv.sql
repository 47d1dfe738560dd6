create table public.orders (id bigint primary key, user_id uuid, total numeric);
create materialized view public.sales_by_user as -- expect: materialized-view-in-api
  select user_id, sum(total) from public.orders group by 1;
