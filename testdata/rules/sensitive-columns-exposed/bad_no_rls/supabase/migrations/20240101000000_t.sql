create table public.integrations (
  id bigint primary key,
  owner uuid,
  api_key text, -- expect: sensitive-columns-exposed
  password text
);
