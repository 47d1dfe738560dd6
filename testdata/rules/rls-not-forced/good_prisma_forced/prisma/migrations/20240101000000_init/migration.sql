CREATE TABLE "Document" ("id" SERIAL NOT NULL, "teamId" INTEGER NOT NULL);
ALTER TABLE "Document" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Document" FORCE ROW LEVEL SECURITY;
CREATE POLICY "team_isolation" ON "Document" USING ("teamId" = current_setting('app.team_id')::int);
-- Enabled on a table that is dropped later: nothing to report.
CREATE TABLE "Old" ("id" SERIAL NOT NULL);
ALTER TABLE "Old" ENABLE ROW LEVEL SECURITY;
DROP TABLE "Old";
