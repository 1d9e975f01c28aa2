// GET /notifications/{id} - one inbox item; a grouped or digest item with every
// notification folded into it (what the rate limit held back is never lost, only gathered).
import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { z } from "zod";
import { GroupParts } from "@/components/inbox/group-parts.tsx";
import { PageMain } from "@/components/ui/layout.tsx";
import { getSessionUser } from "@/server/auth/session.ts";
import { AppError } from "@/server/errors.ts";
import { getNotification } from "@/server/inbox/get-notification.ts";

export const metadata: Metadata = { title: "Notification · Herald" };

export default async function NotificationPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await getSessionUser();
  if (!user) redirect("/signin");
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  const found = await getNotification(user.id, id.toLowerCase()).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "not_found") return null;
    throw error;
  });
  if (!found) notFound();
  return (
    <PageMain>
      <GroupParts item={found.notification} parts={found.parts} partCount={found.partCount} />
    </PageMain>
  );
}
