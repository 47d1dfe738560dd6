create table public.hooks (
  id bigint primary key,
  handler regproc -- expect: unsupported-reg-types
);
alter table public.hooks add column cfg regconfig; -- expect: unsupported-reg-types
