create table public.integrations (id bigint primary key, owner uuid, api_key text);
alter table public.integrations enable row level security;
create schema private;
create table private.secrets (id bigint primary key, secret text);
create table public.tokens_meta (id bigint primary key, token_count int);
