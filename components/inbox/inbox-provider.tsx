"use client";

// One realtime inbox connection per tab, shared by the bell, the feed page and the toasts,
// with the app's origin that decides which action links are internal.
import { useRouter } from "next/navigation";
import { createContext, useContext, useEffect, useState, type ReactNode } from "react";
import { InboxClient } from "@/lib/inbox-client.ts";
import type { InboxState } from "@/lib/events.ts";

/** "connecting" until the first connection; "reconnecting" whenever it is lost after that. */
export type ConnectionStatus = "connecting" | "live" | "reconnecting";

type InboxContext = {
  client: InboxClient;
  state: InboxState;
  connected: boolean;
  status: ConnectionStatus;
  /** PUBLIC_URL's origin, from the server: the same on the server render and in the browser. */
  appOrigin: string;
};
const Context = createContext<InboxContext | null>(null);

type Props = { since: InboxState & { lastSeq: number }; appOrigin: string; children: ReactNode };

export function InboxProvider({ since, appOrigin, children }: Props) {
  const router = useRouter();
  const [client] = useState(() => new InboxClient({ since }));
  const [state, setState] = useState<InboxState>({ unreadCount: since.unreadCount, version: since.version });
  const [status, setStatus] = useState<ConnectionStatus>("connecting");

  useEffect(() => {
    const unsubscribe = client.subscribe({
      state: setState,
      connection: (up) => setStatus((was) => (up ? "live" : was === "connecting" ? "connecting" : "reconnecting")),
      // Signed out in another tab or device, or disabled: this tab's session is over too.
      ended: () => router.replace("/signin"),
    });
    void client.connect();
    return () => {
      unsubscribe();
      client.close();
    };
  }, [client, router]);

  const connected = status === "live";
  return <Context.Provider value={{ client, state, connected, status, appOrigin }}>{children}</Context.Provider>;
}

export function useInbox(): InboxContext {
  const value = useContext(Context);
  if (!value) throw new Error("useInbox needs an <InboxProvider>");
  return value;
}
