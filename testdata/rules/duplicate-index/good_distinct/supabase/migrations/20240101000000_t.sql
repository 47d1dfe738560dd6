create table public.comments (id bigint primary key, post_id bigint, created_at timestamptz);
create index comments_post on public.comments (post_id);
create index comments_post_created on public.comments (post_id, created_at);
create unique index comments_post_u on public.comments (post_id) where post_id > 0;
create index comments_old on public.comments (created_at);
drop index comments_old;
create index comments_new on public.comments (created_at);
