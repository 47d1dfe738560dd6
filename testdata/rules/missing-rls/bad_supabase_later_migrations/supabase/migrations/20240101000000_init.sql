create table todo (id bigint primary key, owner uuid, task text);
create table posts (id bigint primary key, author uuid, body text); -- expect: missing-rls
create table scratch (id int);
create table comments (id bigint primary key, post_id bigint, body text);
