"use client";

// The browser's realtime connection: one Socket.IO client per tab, authenticated by
// the session cookie at the handshake. Keeps the bell's state: the newest items (deduped
// by id) and the unread count the server last reported.
import { useEffect, useState } from "react";
import { io, type Socket } from "socket.io-client";
import type { ClientToServerEvents, NotificationDto, ServerToClientEvents } from "@/lib/events.ts";

export type LiveState = {
  unreadCount: number;
  latest: NotificationDto[];
  connected: boolean;
  lastArrival: NotificationDto | null;
};

const KEEP = 10;

export function useLiveNotifications(initial: { unreadCount: number; latest: NotificationDto[] }): LiveState {
  const [state, setState] = useState<LiveState>({ ...initial, connected: false, lastArrival: null });

  useEffect(() => {
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io({
      // WebSocket only: no sticky sessions needed behind a load balancer.
      transports: ["websocket"],
      withCredentials: true,
      reconnectionDelay: 500,
      reconnectionDelayMax: 30_000,
    });
    socket.on("connect", () => setState((s) => ({ ...s, connected: true })));
    socket.on("disconnect", () => setState((s) => ({ ...s, connected: false })));
    socket.on("notification:new", ({ notification, unreadCount }) => {
      setState((s) => {
        if (s.latest.some((n) => n.id === notification.id)) return { ...s, unreadCount };
        const latest = [notification, ...s.latest].slice(0, KEEP);
        return { ...s, latest, unreadCount, lastArrival: notification };
      });
    });
    return () => {
      socket.disconnect();
    };
  }, []);

  return state;
}
