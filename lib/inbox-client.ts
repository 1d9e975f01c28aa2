// The realtime inbox connection, for browsers and for Node clients alike. It keeps what
// the server needs for a gapless reconnect (the last contiguous position and the inbox
// version seen), notices a gap in positions and asks for a catch-up from before it, drops
// duplicate notifications by id, keeps only the newest inbox state (by version) whatever
// order events arrive in, refreshes an expired token, and reconnects with exponential
// backoff (capped at 5 s for the first minute without a connection, so a restarted server
// is found within seconds, then at 30 s), also when the server closes the connection for
// any reason but the end of the session. A grouped item that changes in place
// (notification:updated, or met again in a catch-up at a higher version) replaces the copy
// shown, never duplicates it.
import { io, type Socket } from "socket.io-client";
import { InboxPosition } from "./inbox-position.ts";
import type {
  CatchUpPayload,
  ClientToServerEvents,
  HandshakeAuth,
  InboxState,
  NotificationDto,
  NotificationId,
  ServerToClientEvents,
  SessionEndedPayload,
} from "./events.ts";

export type InboxListener = {
  /** A notification not seen before (live or from a catch-up). */
  notification?: (n: NotificationDto) => void;
  /** A newer version of an item already seen (a grouped item counting up, moved to a new position). */
  updated?: (n: NotificationDto) => void;
  read?: (ids: NotificationId[], readAt: string) => void;
  unread?: (ids: NotificationId[]) => void;
  cleared?: (ids: NotificationId[]) => void;
  /** The newest unread count and version. */
  state?: (state: InboxState) => void;
  /** Too much changed while away: reload the first page over the API. */
  resync?: (payload: CatchUpPayload) => void;
  connection?: (connected: boolean) => void;
  /** The server closed the connection for good: the session ended or the account was disabled. */
  ended?: (payload: SessionEndedPayload) => void;
};

export type InboxClientOptions = {
  /** Server URL; the page's own origin when omitted (browsers). */
  url?: string;
  /** Mints a user token (your backend calls POST /api/v1/users/{id}/token). Omit in Herald's own pages: the session cookie is used. */
  getToken?: () => Promise<string>;
  /** Where the client's view starts: the last position and inbox state it already shows. */
  since?: { lastSeq: number; version: number; unreadCount?: number };
  /** How long a hole in positions may last before it counts as a gap (events from several instances may arrive out of order). */
  gapGraceMs?: number;
  /** Extra socket.io-client options (tests). */
  socketOptions?: Record<string, unknown>;
};

const SEEN_LIMIT = 2000;
const versionOf = (n: NotificationDto) => n.version ?? 1;
const GAP_GRACE_MS = 1000;
/** A hint to catch up reaches every socket of an instance at once: spread their requests. */
const RESYNC_JITTER_MS = 1000;
/** After the server closed the connection (not a sign-out): come back after about this long. */
const SERVER_CLOSE_RETRY_MS = 1000;
/** A server that could not check the handshake (`unavailable`) is tried again after 1 s, 2 s, … up to 30 s. */
const UNAVAILABLE_RETRY_FIRST_MS = 1000;
const UNAVAILABLE_RETRY_MAX_MS = 30_000;
/**
 * The backoff's cap: short while the connection has been away less than a minute (a deploy
 * or a restart is over within seconds, and a client must not sleep through its end), long
 * after that (a real outage: fewer attempts from every client at once).
 */
const RECONNECT_DELAY_MAX_MS = { first: 5_000, after: 30_000, firstForMs: 60_000 } as const;

export class InboxClient {
  readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  private token: string | undefined;
  private readonly pos: InboxPosition;
  private state: InboxState = { unreadCount: 0, version: -1 };
  /** Items seen, with the highest item version seen of each. */
  private readonly seen = new Map<NotificationId, number>();
  private readonly listeners = new Set<InboxListener>();
  private closed = false;
  private gapTimer: ReturnType<typeof setTimeout> | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private unavailableRefusals = 0;
  private resyncTimer: ReturnType<typeof setTimeout> | undefined;
  /** When the client last had (or first wanted) a connection: the backoff's cap follows how long ago. */
  private lostAt = Date.now();
  /** The backoff's caps; a test's `socketOptions.reconnectionDelayMax` replaces both. */
  private readonly delayMax: { first: number; after: number };

  constructor(private readonly options: InboxClientOptions = {}) {
    this.pos = new InboxPosition(options.since?.lastSeq);
    const fixedMax = options.socketOptions?.reconnectionDelayMax;
    this.delayMax = typeof fixedMax === "number" ? { first: fixedMax, after: fixedMax } : RECONNECT_DELAY_MAX_MS;
    if (options.since) this.state = { unreadCount: options.since.unreadCount ?? 0, version: options.since.version };
    const connectOptions = {
      transports: ["websocket"],
      withCredentials: true,
      autoConnect: false,
      reconnectionDelay: 500,
      reconnectionDelayMax: this.delayMax.first,
      randomizationFactor: 0.5,
      // Evaluated at every (re)connection, so each handshake carries the latest position.
      auth: (cb: (auth: HandshakeAuth) => void) => cb(this.handshakeAuth()),
      ...options.socketOptions,
    };
    this.socket = options.url ? io(options.url, connectOptions) : io(connectOptions);
    this.wire();
    if (typeof window !== "undefined") window.addEventListener("online", this.reconnectNow);
  }

  async connect(): Promise<void> {
    this.closed = false;
    if (!this.socket.connected) this.lostAt = Date.now();
    if (this.options.getToken && !this.token) this.token = await this.options.getToken();
    this.socket.connect();
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.gapTimer);
    clearTimeout(this.retryTimer);
    clearTimeout(this.resyncTimer);
    if (typeof window !== "undefined") window.removeEventListener("online", this.reconnectNow);
    this.socket.close();
  }

  /**
   * Tries at once instead of after the backoff's current wait (up to 30 s after a minute away): the browser says
   * the network is back. A reconnection waiting out its backoff restarts only once its
   * manager is closed, which disconnect() does when no socket is connected (no event fires).
   */
  readonly reconnectNow = (): void => {
    if (this.closed || this.socket.connected) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.socket.disconnect();
    this.socket.connect();
  };

  subscribe(listener: InboxListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get inboxState(): InboxState {
    return this.state;
  }

  /** True while the client is connected or will try again by itself (false after the session ended or close()). */
  get willReconnect(): boolean {
    return !this.closed && (this.socket.active || this.retryTimer !== undefined);
  }

  /** The position up to which everything has been seen (what a catch-up starts from). */
  get position(): number | undefined {
    return this.pos.value;
  }

  /** Marks notifications as already shown (from a page loaded over the API). */
  markSeen(items: NotificationDto[]): void {
    for (const n of items) this.remember(n);
    if (this.pos.value === undefined && items.length > 0) this.pos.settle(Math.max(...items.map((n) => n.seq)));
  }

  /** Applies an inbox state from any source (events, API answers); older versions are ignored. */
  applyState(next: InboxState): void {
    if (next.version <= this.state.version) return;
    this.state = { unreadCount: next.unreadCount, version: next.version };
    this.emit((l) => l.state?.(this.state));
  }

  /** Asks the server for what was missed since the last contiguous position (answered with inbox:catch-up). */
  requestCatchUp(): void {
    const lastSeq = this.pos.value;
    if (lastSeq === undefined || !this.socket.connected) return; // the next handshake carries it
    this.socket.emit("inbox:sync", this.state.version >= 0 ? { lastSeq, lastVersion: this.state.version } : { lastSeq });
  }

  private handshakeAuth(): HandshakeAuth {
    const auth: HandshakeAuth = {};
    if (this.token) auth.token = this.token;
    const lastSeq = this.pos.value;
    if (lastSeq !== undefined) {
      auth.lastSeq = lastSeq;
      if (this.state.version >= 0) auth.lastVersion = this.state.version;
    }
    return auth;
  }

  private wire(): void {
    const s = this.socket;
    s.on("connect", () => {
      this.unavailableRefusals = 0;
      s.io.reconnectionDelayMax(this.delayMax.first);
      this.emit((l) => l.connection?.(true));
    });
    s.on("disconnect", (reason) => {
      this.lostAt = Date.now();
      this.emit((l) => l.connection?.(false));
      // socket.io-client gives up after a server-side disconnect; only a sign-out (which
      // closes this client first) is final, so come back after a moment.
      if (reason === "io server disconnect" && !this.closed) {
        this.retryTimer = setTimeout(() => {
          this.retryTimer = undefined;
          if (!this.closed) this.socket.connect();
        }, SERVER_CLOSE_RETRY_MS * (0.5 + Math.random()));
      }
    });
    s.on("connect_error", (error) => void this.onConnectError(error as Error & { data?: { code?: string } }));
    // Fired before each attempt; the cap it sets bounds the wait after this attempt, if it
    // fails. socket.io-client jitters a wait before capping it, so every capped wait would be
    // exactly the cap and the clients of a server that went away would all come back in the
    // same instant: the cap itself is jittered (half to all of it).
    s.io.on("reconnect_attempt", () => {
      const away = Date.now() - this.lostAt;
      const cap = away < RECONNECT_DELAY_MAX_MS.firstForMs ? this.delayMax.first : this.delayMax.after;
      s.io.reconnectionDelayMax(Math.round(cap * (0.5 + Math.random() / 2)));
    });
    for (const event of Object.keys(this.handlers) as (keyof ServerToClientEvents)[]) {
      s.on(event, ((payload: never) => this.ingest(event, payload)) as never);
    }
  }

  /** Applies an event as if the socket had delivered it (the answer of an API call made here). */
  ingest<E extends keyof ServerToClientEvents>(event: E, payload: Parameters<ServerToClientEvents[E]>[0]): void {
    (this.handlers[event] as (p: typeof payload) => void)(payload);
  }

  private readonly handlers: { [E in keyof ServerToClientEvents]: ServerToClientEvents[E] } = {
    "notification:new": ({ notification, ...state }) => {
      this.receive(notification);
      this.applyState(state);
    },
    "notification:updated": ({ notification, ...state }) => {
      this.receive(notification);
      this.applyState(state);
    },
    "notification:read": ({ ids, readAt, ...state }) => {
      this.emit((l) => l.read?.(ids, readAt));
      this.applyState(state);
    },
    "notification:unread": ({ ids, ...state }) => {
      this.emit((l) => l.unread?.(ids));
      this.applyState(state);
    },
    "notification:cleared": ({ ids, ...state }) => {
      this.emit((l) => l.cleared?.(ids));
      this.applyState(state);
    },
    "session:ended": (payload) => {
      this.closed = true;
      this.emit((l) => l.ended?.(payload));
    },
    "inbox:resync": () => {
      clearTimeout(this.resyncTimer);
      this.resyncTimer = setTimeout(() => this.requestCatchUp(), Math.random() * RESYNC_JITTER_MS);
    },
    "inbox:catch-up": (payload) => {
      for (const n of payload.missed ?? []) this.receive(n);
      // Everything up to latestSeq is accounted for, including positions cleared meanwhile.
      this.pos.settle(payload.latestSeq);
      this.watchForGap();
      if (payload.reload) this.emit((l) => l.resync?.(payload));
      this.applyState({ unreadCount: payload.unreadCount, version: payload.version });
    },
  };

  private receive(n: NotificationDto): void {
    const known = this.seen.get(n.id);
    if (known !== undefined && versionOf(n) <= known) return;
    this.remember(n);
    this.pos.see(n.seq);
    if (known === undefined) this.emit((l) => l.notification?.(n));
    else this.emit((l) => l.updated?.(n));
    this.watchForGap();
  }

  private remember(n: NotificationDto): void {
    this.seen.delete(n.id); // re-inserted: the most recently changed are forgotten last
    this.seen.set(n.id, versionOf(n));
    if (this.seen.size > SEEN_LIMIT) this.seen.delete(this.seen.keys().next().value!);
  }

  // A hole that outlasts the grace period is a gap: ask for what is missing.
  private watchForGap(): void {
    if (!this.pos.hasGap) {
      clearTimeout(this.gapTimer);
      this.gapTimer = undefined;
      return;
    }
    this.gapTimer ??= setTimeout(() => {
      this.gapTimer = undefined;
      if (this.pos.hasGap) this.requestCatchUp();
    }, this.options.gapGraceMs ?? GAP_GRACE_MS);
  }

  // A refused handshake is not retried by socket.io-client. A server that could not check
  // it (`unavailable`: its database is down) is tried again after a pause that grows, as
  // socket.io-client's own reconnection does; an expired token is renewed and the
  // connection tried again, with a pause so a failing token service is not hammered.
  private async onConnectError(error: Error & { data?: { code?: string } }): Promise<void> {
    if (this.closed || this.socket.active) return;
    if (error.data?.code === "unavailable") {
      const delay = Math.min(UNAVAILABLE_RETRY_MAX_MS, UNAVAILABLE_RETRY_FIRST_MS * 2 ** this.unavailableRefusals++);
      clearTimeout(this.retryTimer);
      this.retryTimer = setTimeout(() => {
        this.retryTimer = undefined;
        if (!this.closed && !this.socket.active) this.socket.connect();
      }, delay * (0.5 + Math.random() / 2));
      return;
    }
    if (error.data?.code !== "token_expired" || !this.options.getToken) return;
    try {
      this.token = await this.options.getToken();
    } catch {
      await new Promise((r) => setTimeout(r, 5_000));
    }
    if (!this.closed) this.socket.connect();
  }

  private emit(call: (l: InboxListener) => void): void {
    for (const listener of this.listeners) call(listener);
  }
}
