create table public.hooks (id bigint primary key, handler text, tbl regclass, ty regtype);
