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
};

export type NotificationNewPayload = { notification: NotificationDto; unreadCount: number };

export interface ServerToClientEvents {
  "notification:new": (payload: NotificationNewPayload) => void;
}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ClientToServerEvents {}

export type ServerEventName = keyof ServerToClientEvents;
export type ServerEventPayload<E extends ServerEventName> = Parameters<ServerToClientEvents[E]>[0];

/** Socket.IO connection errors carry one of these in `err.data.code`. */
export type ConnectErrorCode = "origin_not_allowed" | "unauthorized" | "token_expired";
