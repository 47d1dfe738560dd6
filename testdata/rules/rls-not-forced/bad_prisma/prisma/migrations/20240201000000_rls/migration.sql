ALTER TABLE "Document" ENABLE ROW LEVEL SECURITY; -- expect: rls-not-forced
CREATE POLICY "team_isolation" ON "Document" USING ("teamId" = current_setting('app.team_id')::int);

ALTER TABLE "Folder" ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY "team_isolation" ON "Folder" USING ("teamId" = current_setting('app.team_id')::int);
