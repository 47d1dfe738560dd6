create table public.comments (id bigint primary key, post_id bigint);
create index comments_post on public.comments (post_id);
create index comments_post_id_idx on public.comments using btree (post_id); -- expect: duplicate-index
