create table public.posts (id bigint primary key);
create table public.comments (id bigint primary key, post_id bigint references public.posts (id));
create index on public.comments (post_id);
create table public.likes (post_id bigint references public.posts (id), user_id uuid, primary key (post_id, user_id));
