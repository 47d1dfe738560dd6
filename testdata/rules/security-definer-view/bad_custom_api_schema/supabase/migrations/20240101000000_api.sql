alter role authenticator set pgrst.db_schemas = 'public, api';
create schema api;
create table api.accounts (id bigint primary key, owner uuid);
alter table api.accounts enable row level security;
create view api.account_list as select * from api.accounts; -- expect: security-definer-view
grant select on api.account_list to anon;
-- Not granted to the API roles: not exposed.
create view api.internal as select * from api.accounts;
