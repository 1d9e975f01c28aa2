-- Storm control: grouped inbox items and their parts, per-item versions, and the
-- Idempotency-Key records of the publish API.

-- AlterTable
ALTER TABLE "notifications" ADD COLUMN     "group_key" TEXT,
ADD COLUMN     "group_id" UUID,
ADD COLUMN     "group_info" JSONB,
ADD COLUMN     "window_ends_at" TIMESTAMPTZ(3),
ADD COLUMN     "item_version" INTEGER NOT NULL DEFAULT 1;

-- CreateTable
CREATE TABLE "idempotency_keys" (
    "api_key_id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "request_hash" TEXT NOT NULL,
    "status" INTEGER NOT NULL,
    "response" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "idempotency_keys_pkey" PRIMARY KEY ("api_key_id","key")
);

-- CreateIndex
CREATE INDEX "notifications_group_parts_idx" ON "notifications"("group_id");

-- CreateIndex
CREATE INDEX "notifications_open_group_idx" ON "notifications"("user_id", "group_key", "window_ends_at");

-- CreateIndex
CREATE INDEX "idempotency_keys_created_idx" ON "idempotency_keys"("created_at");

-- AddForeignKey
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_group_id_fkey" FOREIGN KEY ("group_id") REFERENCES "notifications"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "idempotency_keys" ADD CONSTRAINT "idempotency_keys_api_key_id_fkey" FOREIGN KEY ("api_key_id") REFERENCES "api_keys"("id") ON DELETE CASCADE ON UPDATE CASCADE;
