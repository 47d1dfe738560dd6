-- RLS switched on, but nobody wrote a policy.
CREATE TABLE projects (id uuid PRIMARY KEY, name text); -- expect: missing-rls
ALTER TABLE projects ADD COLUMN workspace_id uuid;
ALTER TABLE projects ENABLE ROW LEVEL SECURITY;

-- Enabled, then disabled again.
CREATE TABLE api_keys (id uuid PRIMARY KEY, account_id uuid, hash text); -- expect: missing-rls
ALTER TABLE api_keys ENABLE ROW LEVEL SECURITY;
CREATE POLICY keys_by_account ON api_keys USING (account_id = current_setting('app.account_id')::uuid);
ALTER TABLE api_keys DISABLE ROW LEVEL SECURITY;
