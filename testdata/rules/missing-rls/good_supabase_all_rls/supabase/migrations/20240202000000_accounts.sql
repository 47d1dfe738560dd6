create table "Accounts" (id uuid primary key, account_id uuid);
alter table "Accounts" enable row level security;
alter table "Accounts" force row level security;
create policy "members" on "Accounts" using (account_id = auth.uid());
-- Dropped tables are not reported.
create table tmp_import (id int);
drop table tmp_import;
