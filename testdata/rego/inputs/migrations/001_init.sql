create table accounts (id uuid primary key, tenant_id uuid not null);
