// The limit of this stack, for `npm run bench:compare`: a bare Socket.IO 4 server with the
// same sharded Redis adapter Herald uses, that neither authenticates nor stores anything.
// A socket names its user in the handshake and joins that user's room; POST /publish
// emits to each recipient's room at once and answers 202. Nothing else.
import { createServer } from "node:http";
import { createShardedAdapter } from "@socket.io/redis-adapter";
import { Redis } from "ioredis";
import { Server } from "socket.io";

const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const pub = new Redis(redisUrl);
const sub = pub.duplicate();

const http = createServer((req, res) => {
  if (req.method !== "POST" || req.url !== "/publish") {
    res.writeHead(404).end();
    return;
  }
  let body = "";
  req.setEncoding("utf8");
  req.on("data", (chunk: string) => (body += chunk));
  req.on("end", () => {
    const input = JSON.parse(body) as { recipients: string[]; title: string; data: Record<string, unknown> };
    const notification = { id: crypto.randomUUID(), type: "bench", title: input.title, data: input.data, createdAt: new Date().toISOString() };
    for (const userId of input.recipients) io.to(`user:${userId}`).emit("notification:new", { notification });
    res.writeHead(202, { "content-type": "application/json" }).end(JSON.stringify({ id: notification.id }));
  });
});

const io = new Server(http, { transports: ["websocket"], perMessageDeflate: false, maxHttpBufferSize: 10_000 });
// A unique prefix per run, so that two runs on one Redis never see each other.
io.adapter(createShardedAdapter(pub, sub, { channelPrefix: `bench-baseline:${process.pid}`, subscriptionMode: "dynamic" }));
io.on("connection", (socket) => {
  const userId = (socket.handshake.auth as { userId?: unknown }).userId;
  if (typeof userId === "string") void socket.join(`user:${userId}`);
});

http.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  const address = http.address();
  const port = typeof address === "object" && address ? address.port : 0;
  console.log(JSON.stringify({ listening: `http://127.0.0.1:${port}` }));
});

process.once("SIGTERM", () => {
  void io.close();
  pub.disconnect();
  sub.disconnect();
  process.exit(0);
});
