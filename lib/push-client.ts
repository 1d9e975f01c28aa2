// Web Push in this browser: register Herald's service worker (/sw.js), ask for permission,
// subscribe with the server's VAPID public key and store the subscription through the user
// API (session cookie); and the reverse. Browser-only; any screen may call it (the push
// toggle in components/push/ does).

const API = "/api/v1/me/push-subscriptions";
const WORKER = "/sw.js";

export type PushState =
  /** No service worker, Push API or Notifications here (or not a secure context). */
  | "unsupported"
  /** The person blocked notifications for this site: only the browser's settings can undo it. */
  | "denied"
  | "off"
  | "on";

type Listed = { vapidPublicKey: string; subscriptions: { endpoint: string }[] };

export class PushSetupError extends Error {}

export function pushSupported(): boolean {
  return typeof window !== "undefined" && window.isSecureContext && "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;
}

/** Whether this browser gets pushes for the signed-in person: subscribed here and stored for them. */
export async function pushState(): Promise<PushState> {
  if (!pushSupported()) return "unsupported";
  if (Notification.permission === "denied") return "denied";
  const registration = await navigator.serviceWorker.getRegistration("/");
  const subscription = await registration?.pushManager.getSubscription();
  if (!subscription || Notification.permission !== "granted") return "off";
  const { vapidPublicKey, subscriptions } = await call<Listed>("GET");
  // Stored elsewhere (moved to whoever subscribed here since) or made with an old server
  // key: off, so turning it on subscribes afresh.
  const current = sameBytes(subscription.options.applicationServerKey, fromBase64Url(vapidPublicKey));
  return current && subscriptions.some((s) => s.endpoint === subscription.endpoint) ? "on" : "off";
}

/** Registers the service worker and waits until it is active (it takes no other part in the page). */
export async function registerServiceWorker(): Promise<ServiceWorkerRegistration> {
  await navigator.serviceWorker.register(WORKER, { scope: "/", updateViaCache: "none" });
  return navigator.serviceWorker.ready;
}

/** Turns push on here. Call from a click: browsers ask for permission only after a gesture. */
export async function enablePush(): Promise<PushState> {
  if (!pushSupported()) return "unsupported";
  const registration = await registerServiceWorker();
  const permission = await Notification.requestPermission();
  if (permission === "denied") return "denied";
  if (permission !== "granted") return "off";
  const { vapidPublicKey } = await call<Listed>("GET");
  const key = fromBase64Url(vapidPublicKey);
  let subscription = await registration.pushManager.getSubscription();
  // Made with another server key (Herald's keys were changed): push services would refuse it.
  if (subscription && !sameBytes(subscription.options.applicationServerKey, key)) {
    await subscription.unsubscribe();
    subscription = null;
  }
  subscription ??= await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
  await call("POST", subscription.toJSON());
  return "on";
}

/** Turns push off here: the server forgets this browser and the browser drops its subscription. */
export async function disablePush(): Promise<PushState> {
  if (!pushSupported()) return "unsupported";
  const registration = await navigator.serviceWorker.getRegistration("/");
  const subscription = await registration?.pushManager.getSubscription();
  if (subscription) {
    // 404: already gone on the server (expired, or moved to whoever subscribed here since).
    await call("DELETE", { endpoint: subscription.endpoint }, [404]);
    await subscription.unsubscribe();
  }
  return Notification.permission === "denied" ? "denied" : "off";
}

async function call<T = unknown>(method: string, body?: unknown, tolerated: number[] = []): Promise<T> {
  let res: Response;
  try {
    res = await fetch(API, {
      method,
      credentials: "same-origin",
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new PushSetupError("Herald can't be reached right now. Check your connection.");
  }
  if (res.status === 204 || tolerated.includes(res.status)) return undefined as T;
  const json: unknown = await res.json().catch(() => null);
  if (!res.ok) throw new PushSetupError((json as { error?: { message?: string } } | null)?.error?.message ?? `The request failed (${res.status}).`);
  return json as T;
}

function fromBase64Url(value: string): Uint8Array<ArrayBuffer> {
  const base64 = value.replace(/-/g, "+").replace(/_/g, "/");
  const binary = atob(base64 + "=".repeat((4 - (base64.length % 4)) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

function sameBytes(a: ArrayBuffer | null, b: Uint8Array): boolean {
  if (!a || a.byteLength !== b.byteLength) return false;
  const view = new Uint8Array(a);
  return view.every((byte, i) => byte === b[i]);
}
