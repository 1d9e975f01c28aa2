"use client";
// A task page stays current for the people who hear about it: when a notification about
// this task reaches the open tab (a comment, a mention, an assignment), the page reloads
// its data in place; what the person is typing is kept.
import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { useInbox } from "@/components/inbox/inbox-provider.tsx";

export function TaskLiveRefresh({ taskId }: { taskId: string }) {
  const { client } = useInbox();
  const router = useRouter();
  useEffect(
    () =>
      client.subscribe({
        notification: (n) => {
          if (n.data.taskId === taskId) router.refresh();
        },
      }),
    [client, router, taskId],
  );
  return null;
}
