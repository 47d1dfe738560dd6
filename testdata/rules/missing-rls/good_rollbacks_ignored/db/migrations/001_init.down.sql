DROP POLICY tenant_isolation ON documents;
ALTER TABLE documents DISABLE ROW LEVEL SECURITY;
DROP TABLE documents;
