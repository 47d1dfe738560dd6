create table notes (id int primary key, tenant_id int);
