-- Plain Postgres: roles are the application's own, not an internet-facing API.
CREATE TABLE items (id int PRIMARY KEY, tenant_id int);
ALTER TABLE items ENABLE ROW LEVEL SECURITY;
CREATE POLICY admin_all ON items FOR ALL TO app_admin USING (true);
