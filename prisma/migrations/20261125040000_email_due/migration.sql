-- The email fallback's waiting room: a pending email delivery carries its due time, and
-- the instances sweep due ones into email.send jobs (server/jobs/due-emails.ts) instead of
-- each publish writing a job. NULL once handed to the queue (and for every other row).

-- AlterTable
ALTER TABLE "deliveries" ADD COLUMN "due_at" TIMESTAMPTZ(3);

-- CreateIndex
CREATE INDEX "deliveries_due_idx" ON "deliveries"("due_at") WHERE "due_at" IS NOT NULL;
