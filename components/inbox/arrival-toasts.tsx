"use client";

// Toasts for arrivals. The first arrival shows at once; what arrives while its toast is
// still up folds into it ("and 12 more") instead of queueing toasts behind it. Arrivals in
// one go (a catch-up after a reconnect) make one toast ("3 new notifications"), and a large
// catch-up one summary ("You missed 200 notifications"). Each toast is announced once,
// politely, when it appears: one announcement per burst. Loaded after first paint.
import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { useInbox } from "./inbox-provider.tsx";
import { ExternalLinkMark } from "../external-link-mark.tsx";
import { Toast, ToastProvider, ToastViewport } from "../ui/toast.tsx";
import { resolveActionUrl, type ResolvedActionUrl } from "@/lib/action-url.ts";
import type { NotificationDto } from "@/lib/events.ts";

type ShownToast = { key: number; text: string; link: ResolvedActionUrl | null; more: number; open: boolean };

const FEED: ResolvedActionUrl = { href: "/notifications", external: false };
const SHOW_MS = 6000;
const MAX_SHOWN = 3;
/** After a reconnect, arrivals this soon are the catch-up: a toast of their own, not folded. */
const CATCH_UP_MS = 2000;

export default function ArrivalToasts() {
  const { client, appOrigin } = useInbox();
  const [toasts, setToasts] = useState<ShownToast[]>([]);

  const pending = useRef<NotificationDto[]>([]);
  const nextKey = useRef(0);
  const foldInto = useRef<number | null>(null);

  useEffect(() => {
    let scheduled = false;
    let wasDown = false;
    let catchUpUntil = 0;
    const show = (text: string, link: ResolvedActionUrl | null) => {
      const key = nextKey.current++;
      foldInto.current = key;
      setToasts((t) => [...t.filter((x) => x.open), { key, text, link, more: 0, open: true }].slice(-MAX_SHOWN));
    };
    const flush = () => {
      scheduled = false;
      const batch = pending.current.splice(0);
      if (batch.length === 0) return;
      const target = foldInto.current;
      if (target !== null && Date.now() > catchUpUntil) {
        setToasts((t) => t.map((x) => (x.key === target ? { ...x, more: x.more + batch.length } : x)));
        return;
      }
      catchUpUntil = 0;
      // A stored value that is not a safe link makes a plain-text toast.
      if (batch.length === 1) show(batch[0].title, resolveActionUrl(batch[0].actionUrl, appOrigin));
      else show(`${batch.length} new notifications`, FEED);
    };
    return client.subscribe({
      notification: (n) => {
        pending.current.push(n);
        // Whatever arrives in this same task (a catch-up's items) is one batch; nothing waits.
        if (!scheduled) {
          scheduled = true;
          queueMicrotask(flush);
        }
      },
      connection: (up) => {
        if (!up) wasDown = true;
        else if (wasDown) catchUpUntil = Date.now() + CATCH_UP_MS;
      },
      resync: ({ missedCount }) => {
        if (missedCount > 0) show(`You missed ${missedCount} notifications`, FEED);
      },
    });
  }, [client, appOrigin]);

  const close = (key: number) => {
    if (foldInto.current === key) foldInto.current = null;
    setToasts((t) => t.map((x) => (x.key === key ? { ...x, open: false } : x)));
  };

  return (
    <ToastProvider swipeDirection="right" duration={SHOW_MS} label="Notification">
      {toasts.map((t) => (
        <Toast
          key={t.key}
          open={t.open}
          onOpenChange={(open) => !open && close(t.key)}
          title={<ToastText text={t.text} link={t.link} />}
          description={
            t.more > 0 ? (
              <Link href="/notifications" className="focus-ring inline-flex min-h-touch min-w-touch items-center rounded underline-offset-2 hover:underline sm:min-h-0" data-testid="toast-more">
                and {t.more} more
              </Link>
            ) : undefined
          }
        />
      ))}
      <ToastViewport />
    </ToastProvider>
  );
}

function ToastText({ text, link }: { text: string; link: ResolvedActionUrl | null }) {
  if (!link) return <span dir="auto">{text}</span>;
  return (
    <a
      href={link.href}
      dir="auto"
      {...(link.external && { target: "_blank", rel: "noopener noreferrer" })}
      className="focus-ring inline-flex items-center gap-1.5 rounded text-fg hover:underline"
    >
      {text}
      {link.external && <ExternalLinkMark />}
    </a>
  );
}
