import { db } from "../db/index.ts";
import { toNotificationDto } from "./notification-dto.ts";
import type { NotificationDto, UserId } from "../../lib/events.ts";

export type BellSnapshot = { unreadCount: number; latest: NotificationDto[] };

/** What the bell shows on first render: the newest few and the unread count. */
export async function getBellSnapshot(userId: UserId, limit = 10): Promise<BellSnapshot> {
  const [rows, user] = await Promise.all([
    db().notification.findMany({
      where: { userId },
      orderBy: { seq: "desc" },
      take: limit,
    }),
    db().user.findUnique({ where: { id: userId }, select: { unreadCount: true } }),
  ]);
  return { unreadCount: user?.unreadCount ?? 0, latest: rows.map(toNotificationDto) };
}
