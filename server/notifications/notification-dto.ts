import type { NotificationDto } from "../../lib/events.ts";

type NotificationRow = {
  id: string;
  userId: string;
  seq: bigint;
  type: string;
  title: string;
  body: string | null;
  data: unknown;
  actionUrl: string | null;
  readAt: Date | null;
  createdAt: Date;
};

export function toNotificationDto(n: NotificationRow): NotificationDto {
  return {
    id: n.id,
    userId: n.userId,
    seq: Number(n.seq),
    type: n.type,
    title: n.title,
    body: n.body,
    data: (n.data ?? {}) as Record<string, unknown>,
    actionUrl: n.actionUrl,
    readAt: n.readAt?.toISOString() ?? null,
    createdAt: n.createdAt.toISOString(),
  };
}
