// GET /notifications - the full feed.
import type { Metadata } from "next";
import { NotificationFeed } from "@/components/inbox/notification-feed.tsx";
import { PageMain } from "@/components/ui/layout.tsx";

export const metadata: Metadata = { title: "Notifications · Herald" };

export default function NotificationsPage() {
  return (
    <PageMain>
      <NotificationFeed />
    </PageMain>
  );
}
