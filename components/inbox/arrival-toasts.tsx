"use client";

// Brief toasts for arrivals. Arrivals that come together (a burst, or a catch-up after a
// reconnect) make one toast ("3 new notifications"), and a large catch-up makes one
// summary ("You missed 200 notifications"): never a toast per item.
import { useEffect, useRef, useState } from "react";
import { useInbox } from "./inbox-provider.tsx";
import type { NotificationDto } from "@/lib/events.ts";

type Toast = { key: number; text: string; href: string | null };

const GATHER_MS = 300;
const SHOW_MS = 6000;
const MAX_SHOWN = 3;

export function ArrivalToasts() {
  const { client } = useInbox();
  const [toasts, setToasts] = useState<Toast[]>([]);
  const pending = useRef<NotificationDto[]>([]);
  const nextKey = useRef(0);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const show = (text: string, href: string | null) => {
      const key = nextKey.current++;
      setToasts((t) => [...t, { key, text, href }].slice(-MAX_SHOWN));
      setTimeout(() => setToasts((t) => t.filter((x) => x.key !== key)), SHOW_MS);
    };
    const flush = () => {
      const batch = pending.current.splice(0);
      if (batch.length === 1) show(batch[0].title, batch[0].actionUrl);
      else if (batch.length > 1) show(`${batch.length} new notifications`, "/notifications");
    };
    const unsubscribe = client.subscribe({
      notification: (n) => {
        pending.current.push(n);
        clearTimeout(timer);
        timer = setTimeout(flush, GATHER_MS);
      },
      resync: ({ missedCount }) => {
        if (missedCount > 0) show(`You missed ${missedCount} notifications`, "/notifications");
      },
    });
    return () => {
      clearTimeout(timer);
      unsubscribe();
    };
  }, [client]);

  return (
    <div role="status" aria-live="polite" className="pointer-events-none fixed bottom-4 right-4 z-30 flex w-80 flex-col gap-2">
      {toasts.map((t) => (
        <div key={t.key} data-testid="toast" className="pointer-events-auto rounded-lg border border-slate-200 bg-white px-4 py-3 text-sm shadow-lg">
          {t.href ? (
            <a href={t.href} className="font-medium text-slate-900 hover:underline">
              {t.text}
            </a>
          ) : (
            <span className="font-medium text-slate-900">{t.text}</span>
          )}
        </div>
      ))}
    </div>
  );
}
