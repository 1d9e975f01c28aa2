// The realtime contract shared by server and browser: payload shapes and the typed
// Socket.IO event maps (Server<ClientToServerEvents, ServerToClientEvents>).

export type UserId = string;
export type NotificationId = string;

/** A notification as clients see it (API responses and socket payloads). */
export type NotificationDto = {
  id: NotificationId;
  userId: UserId;
  /** Per-user position, increasing in commit order. */
  seq: number;
  type: string;
  title: string;
  body: string | null;
  data: Record<string, unknown>;
  actionUrl: string | null;
  readAt: string | null;
  createdAt: string;
  /**
   * Grows each time the item changes in place (a grouped item counting up): a client
   * replaces the copy it shows when this is higher. 1 for an item never changed.
   */
  version?: number;
  /** Set on an item that groups notifications (docs/storm-control.md); parts via GET /api/v1/me/notifications/{id}. */
  group?: GroupSummary | null;
};

/**
 * What a grouped item sums up: how many notifications it holds, the latest distinct actors
 * (newest first, at most 3) and how many distinct actors there are in all, for
 * "Alice, Bob and 13 others". `digest`: the item folds what the per-person rate limit held back.
 */
export type GroupSummary = { key: string; count: number; actors: string[]; actorCount: number; digest: boolean };

/**
 * The user's inbox state after a change. `version` grows with every change to the inbox,
 * so a client that sees events out of order keeps the count with the highest version.
 */
export type InboxState = { unreadCount: number; version: number };

export type NotificationNewPayload = InboxState & { notification: NotificationDto };
/** A grouped item changed in place (one more notification in it): the whole item, moved to a new position. */
export type NotificationUpdatedPayload = InboxState & { notification: NotificationDto };
export type NotificationsReadPayload = InboxState & { ids: NotificationId[]; readAt: string };
export type NotificationsUnreadPayload = InboxState & { ids: NotificationId[] };
export type NotificationsClearedPayload = InboxState & { ids: NotificationId[] };

/**
 * Sent once after every (re)connection that carried `lastSeq`: exactly what was missed.
 * Up to the catch-up limit, `missed` holds the notifications themselves, oldest first;
 * past it `missed` is null and the client reloads its first page over the API. `reload`
 * is also true when read state changed while the client was away.
 */
export type CatchUpPayload = InboxState & {
  missed: NotificationDto[] | null;
  missedCount: number;
  latestSeq: number;
  reload: boolean;
};

/** Sent just before the server closes a socket for good: its session ended (signed out, revoked) or the account was disabled. */
export type SessionEndedPayload = { reason: "signed_out" | "session_revoked" | "user_disabled" };

/**
 * The server's hint that live events may have been lost on their way between instances
 * (its Redis link failed and is back): the client asks for a catch-up (`inbox:sync`) from
 * its last contiguous position.
 */
export type ResyncHintPayload = { reason: "fanout_interrupted" };

/** A client's request for a catch-up without reconnecting: from its last contiguous position. */
export type SyncRequest = { lastSeq: number; lastVersion?: number };

/** What a client puts in Socket.IO's `auth` (evaluated again at every reconnect). */
export type HandshakeAuth = { token?: string; lastSeq?: number; lastVersion?: number };

export interface ServerToClientEvents {
  "notification:new": (payload: NotificationNewPayload) => void;
  "notification:updated": (payload: NotificationUpdatedPayload) => void;
  "notification:read": (payload: NotificationsReadPayload) => void;
  "notification:unread": (payload: NotificationsUnreadPayload) => void;
  "notification:cleared": (payload: NotificationsClearedPayload) => void;
  "inbox:catch-up": (payload: CatchUpPayload) => void;
  "session:ended": (payload: SessionEndedPayload) => void;
  "inbox:resync": (payload: ResyncHintPayload) => void;
}

/** The one event clients send: a catch-up request after they noticed a gap or were told to. */
export interface ClientToServerEvents {
  "inbox:sync": (request: SyncRequest) => void;
}

export type ServerEventName = keyof ServerToClientEvents;
export type ServerEventPayload<E extends ServerEventName> = Parameters<ServerToClientEvents[E]>[0];

/**
 * Socket.IO connection errors carry one of these in `err.data.code`. `unavailable`: the
 * server could not check the handshake right now (its database is down); try again.
 */
export type ConnectErrorCode = "origin_not_allowed" | "unauthorized" | "token_expired" | "too_many_connections" | "unavailable";
