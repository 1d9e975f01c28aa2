// Checks that two instances behave as one service, shared by the tests on one Redis and on
// a Redis Cluster so that both meet the same assertions.
import { expect } from "vitest";
import { apiClient, collect, connectSocket, eventually, publishMarker, refusedConnection, waitFor, type TestSocket } from "./clients.ts";
import type { HeraldProcess } from "./herald-process.ts";

/**
 * A notification published on A reaches its recipient's socket on B and nobody else; one
 * for the second user reaches that user's sockets on both instances. Returns the sockets,
 * still open, keyed by user (the caller closes them).
 */
export async function expectDeliveryAcrossInstances(a: HeraldProcess, b: HeraldProcess, [first, second]: [string, string]) {
  const apiA = await apiClient(a.url);
  const apiB = await apiClient(b.url);
  const firstToken = (await apiB.request("POST", `/api/v1/users/${first}/token`)).body.token;
  const secondToken = (await apiB.request("POST", `/api/v1/users/${second}/token`)).body.token;
  const firstOnB = await connectSocket(b.url, { token: firstToken });
  const secondOnB = await connectSocket(b.url, { token: secondToken });
  const secondOnA = await connectSocket(a.url, { token: secondToken });
  const sockets: Record<string, TestSocket[]> = { [first]: [firstOnB], [second]: [secondOnB, secondOnA] };
  const firstGot = collect(firstOnB, "notification:new");
  const secondGotB = collect(secondOnB, "notification:new");
  const secondGotA = collect(secondOnA, "notification:new");

  const res = await apiA.request("POST", "/api/v1/notifications", { recipients: [first], type: "task.assigned", title: "Task #7 is yours" });
  expect(res.status).toBe(202);
  const event = await waitFor(() => firstGot[0]);
  expect(event.notification.id).toBe(res.body.notifications[0].id);
  expect(event.unreadCount).toBeGreaterThanOrEqual(1);

  const toSecond = await apiB.request("POST", "/api/v1/notifications", { recipients: [second], type: "t", title: "Both instances" });
  for (const got of [secondGotA, secondGotB]) expect((await waitFor(() => got[0])).notification.id).toBe(toSecond.body.notifications[0].id);

  // Markers sent the same way as each one above: a duplicate would have arrived before them.
  const markers = { ...(await publishMarker(apiA, first)), ...(await publishMarker(apiB, second)) };
  const has = (got: typeof firstGot, id: string) => got.some((e) => e.notification.id === id);
  await waitFor(() => has(firstGot, markers[first]) && has(secondGotA, markers[second]) && has(secondGotB, markers[second]));
  expect(firstGot).toHaveLength(2);
  expect(secondGotA).toHaveLength(2);
  expect(secondGotB).toHaveLength(2);
  return sockets;
}

/**
 * With MAX_SOCKETS_PER_USER=3 on both instances: the fourth socket is refused on either
 * instance, another user is not affected, and closing one frees a place.
 */
export async function expectSocketCapAcrossInstances(a: HeraldProcess, b: HeraldProcess, [capped, other]: [string, string]) {
  const api = await apiClient(a.url);
  const token = async (userId: string) => (await api.request("POST", `/api/v1/users/${userId}/token`)).body.token as string;
  const t = await token(capped);
  const open = [await connectSocket(a.url, { token: t }), await connectSocket(b.url, { token: t }), await connectSocket(a.url, { token: t })];
  try {
    for (const server of [a, b]) {
      const error = await refusedConnection(server.url, { token: t });
      expect(error.data?.code).toBe("too_many_connections");
      expect(error.message).toBe("At most 3 connections per user");
    }
    // Another user is not affected.
    const another = await connectSocket(b.url, { token: await token(other) });
    open.push(another);
    expect(another.connected).toBe(true);

    open.shift()!.close();
    const again = await eventually(() => connectSocket(b.url, { token: t }).catch(() => undefined), 3000);
    open.push(again);
    expect(again.connected).toBe(true);
  } finally {
    for (const s of open) s.close();
  }
}
