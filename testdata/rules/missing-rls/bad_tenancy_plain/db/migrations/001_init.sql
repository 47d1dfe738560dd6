CREATE TABLE organizations (id uuid PRIMARY KEY, name text NOT NULL);
CREATE TABLE users (id uuid PRIMARY KEY, email text NOT NULL);

CREATE TABLE documents (
  id uuid PRIMARY KEY,
  org_id uuid NOT NULL REFERENCES organizations(id),
  body text
);
ALTER TABLE documents ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON documents
  USING (org_id = current_setting('app.org_id')::uuid);

CREATE TABLE invoices ( -- expect: missing-rls
  id uuid PRIMARY KEY,
  org_id uuid NOT NULL REFERENCES organizations(id),
  amount_cents bigint
);
