-- How the admin behind each audit entry came: the admin API accepts only a session cookie
-- (never a user token, which any service API key can mint), so new entries say "session"
-- and name the session. Entries written before this are NULL: unknown.

-- AlterTable
ALTER TABLE "admin_audit_log" ADD COLUMN "actor_via" TEXT,
ADD COLUMN "actor_session_id" UUID;
