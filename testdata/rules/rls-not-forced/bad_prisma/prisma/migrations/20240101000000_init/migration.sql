-- CreateTable
CREATE TABLE "Team" ("id" SERIAL NOT NULL, CONSTRAINT "Team_pkey" PRIMARY KEY ("id"));
-- CreateTable
CREATE TABLE "Document" ("id" SERIAL NOT NULL, "teamId" INTEGER NOT NULL, CONSTRAINT "Document_pkey" PRIMARY KEY ("id"));
CREATE TABLE "Folder" ("id" SERIAL NOT NULL, "teamId" INTEGER NOT NULL);
