-- CreateTable
CREATE TABLE "Template" (
    "id" SERIAL NOT NULL,
    "teamId" INTEGER NOT NULL,
    CONSTRAINT "Template_pkey" PRIMARY KEY ("id")
);

-- AlterTable
ALTER TABLE "User" ADD COLUMN "organizationId" TEXT;
