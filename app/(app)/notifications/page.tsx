// GET /notifications - the full feed.
import type { Metadata } from "next";
import { NotificationFeed } from "@/components/inbox/notification-feed.tsx";

export const metadata: Metadata = { title: "Notifications · Herald" };

export default function NotificationsPage() {
  return (
    <main className="mx-auto max-w-3xl px-4 py-8">
      <NotificationFeed />
    </main>
  );
}
