"use client";

// The whole notification, from the bell or the feed: full title and body (breaks kept,
// any length, scrolling inside the dialog), the actor, the type, the exact time, the
// severity, and its action. Loaded on first use: nothing of it is needed for first paint.
import Link from "next/link";
import type { RefObject } from "react";
import { ExternalLinkMark } from "../external-link-mark.tsx";
import { ItemAvatar, SeverityBadge, actorOf } from "../notification-identity.tsx";
import { RelativeTime } from "../relative-time.tsx";
import { Badge } from "../ui/badge.tsx";
import { Button, buttonClass } from "../ui/button.tsx";
import { Dialog, DialogClose, DialogContent } from "../ui/dialog.tsx";
import { ActionFailureAlert } from "./action-failure.tsx";
import { useInbox } from "./inbox-provider.tsx";
import { useTypeInfo } from "./type-catalog.tsx";
import type { ActionFailure } from "./use-action.ts";
import { resolveActionUrl } from "@/lib/action-url.ts";
import type { NotificationDto } from "@/lib/events.ts";

type Props = {
  notification: NotificationDto | null;
  onClose: () => void;
  onToggleRead: (n: NotificationDto) => void;
  /** Focus on close: the bell, as the menu item that opened it is gone. */
  returnFocusTo?: RefObject<HTMLElement | null>;
  /** A failed action (mark read on opening, the toggle): shown here, where the person is looking. */
  failure?: ActionFailure | null;
};

export default function NotificationDetail({ notification: n, onClose, onToggleRead, returnFocusTo, failure }: Props) {
  return (
    <Dialog open={n !== null} onOpenChange={(open) => !open && onClose()}>
      {n && <DetailBody n={n} onToggleRead={onToggleRead} returnFocusTo={returnFocusTo} failure={failure} />}
    </Dialog>
  );
}

function DetailBody({ n, onToggleRead, returnFocusTo, failure }: Pick<Props, "onToggleRead" | "returnFocusTo" | "failure"> & { n: NotificationDto }) {
  const { appOrigin } = useInbox();
  const info = useTypeInfo(n.type);
  const actor = actorOf(n);
  // A stored value that is not a safe link makes no link at all.
  const link = resolveActionUrl(n.actionUrl, appOrigin);
  const unread = n.readAt === null;
  const linkContent = (
    <>
      Open<span className="sr-only">: {n.title}</span>
      {link?.external && <ExternalLinkMark />}
    </>
  );
  return (
    <DialogContent returnFocusTo={returnFocusTo} title={<span dir="auto" className="user-text block">{n.title}</span>} className="sm:w-[min(40rem,calc(100vw-2rem))]">
      <div data-testid="notification-detail" data-notification-id={n.id} data-unread={unread}>
        <div className="mt-3 flex flex-wrap items-center gap-2 text-sm text-fg-muted">
          <ItemAvatar type={n.type} actor={actor} priority={info.priority} />
          {actor && (
            <span dir="auto" className="font-medium text-fg" data-testid="detail-actor">
              {actor.name}
            </span>
          )}
          <Badge tone="neutral" data-testid="detail-type">
            {info.name}
          </Badge>
          <SeverityBadge priority={info.priority} />
          <span className="text-fg-subtle">
            <RelativeTime iso={n.createdAt} /> · {new Date(n.createdAt).toLocaleString()}
          </span>
        </div>
        {n.body ? (
          <p dir="auto" className="user-text mt-4 text-sm leading-6 text-fg" data-testid="detail-body">
            {n.body}
          </p>
        ) : (
          <p className="mt-4 text-sm text-fg-subtle">No further text.</p>
        )}
        <ActionFailureAlert failure={failure ?? null} className="mt-4" />
        <div className="mt-6 flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
          <Button variant="secondary" onClick={() => onToggleRead(n)}>
            {unread ? "Mark read" : "Mark unread"}
          </Button>
          {link &&
            (link.external ? (
              <DialogClose asChild>
              <a href={link.href} target="_blank" rel="noopener noreferrer" className={buttonClass({ variant: "primary" })} data-testid="detail-action">
                {linkContent}
              </a>
              </DialogClose>
            ) : (
              <DialogClose asChild>
              <Link href={link.href} className={buttonClass({ variant: "primary" })} data-testid="detail-action">
                {linkContent}
              </Link>
              </DialogClose>
            ))}
        </div>
      </div>
    </DialogContent>
  );
}
