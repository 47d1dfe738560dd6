create table public.posts (id bigint primary key);
create table public.comments (
  id bigint primary key,
  post_id bigint references public.posts (id) -- expect: unindexed-foreign-keys
);
