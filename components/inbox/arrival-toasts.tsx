"use client";

// Brief toasts for arrivals. Arrivals that come together (a burst, or a catch-up after a
// reconnect) make one toast ("3 new notifications"), and a large catch-up makes one
// summary ("You missed 200 notifications"): never a toast per item.
import { useEffect, useRef, useState } from "react";
import { useInbox } from "./inbox-provider.tsx";
import { ExternalLinkMark } from "../external-link-mark.tsx";
import { resolveActionUrl, type ResolvedActionUrl } from "@/lib/action-url.ts";
import type { NotificationDto } from "@/lib/events.ts";

type Toast = { key: number; text: string; link: ResolvedActionUrl | null };

const FEED: ResolvedActionUrl = { href: "/notifications", external: false };

const GATHER_MS = 300;
const SHOW_MS = 6000;
const MAX_SHOWN = 3;

export function ArrivalToasts() {
  const { client, appOrigin } = useInbox();
  const [toasts, setToasts] = useState<Toast[]>([]);
  const pending = useRef<NotificationDto[]>([]);
  const nextKey = useRef(0);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const show = (text: string, link: ResolvedActionUrl | null) => {
      const key = nextKey.current++;
      setToasts((t) => [...t, { key, text, link }].slice(-MAX_SHOWN));
      setTimeout(() => setToasts((t) => t.filter((x) => x.key !== key)), SHOW_MS);
    };
    const flush = () => {
      const batch = pending.current.splice(0);
      // A stored value that is not a safe link makes a plain-text toast.
      if (batch.length === 1) show(batch[0].title, resolveActionUrl(batch[0].actionUrl, appOrigin));
      else if (batch.length > 1) show(`${batch.length} new notifications`, FEED);
    };
    const unsubscribe = client.subscribe({
      notification: (n) => {
        pending.current.push(n);
        clearTimeout(timer);
        timer = setTimeout(flush, GATHER_MS);
      },
      resync: ({ missedCount }) => {
        if (missedCount > 0) show(`You missed ${missedCount} notifications`, FEED);
      },
    });
    return () => {
      clearTimeout(timer);
      unsubscribe();
    };
  }, [client, appOrigin]);

  return (
    <div role="status" aria-live="polite" className="pointer-events-none fixed bottom-4 right-4 z-30 flex w-80 flex-col gap-2">
      {toasts.map((t) => (
        <div key={t.key} data-testid="toast" className="pointer-events-auto rounded-lg border border-slate-200 bg-white px-4 py-3 text-sm shadow-lg">
          {t.link ? (
            <a
              href={t.link.href}
              {...(t.link.external && { target: "_blank", rel: "noopener noreferrer" })}
              className="inline-flex items-center gap-1.5 font-medium text-slate-900 hover:underline"
            >
              {t.text}
              {t.link.external && <ExternalLinkMark />}
            </a>
          ) : (
            <span className="font-medium text-slate-900">{t.text}</span>
          )}
        </div>
      ))}
    </div>
  );
}
