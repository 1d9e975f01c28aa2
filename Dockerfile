# Herald's image: what the README's `npm install && npm start` does, built once.
# Written for docs/deploy.md and never built by the project: its machines have no Docker
# engine. Check it on yours.
FROM node:20-bookworm-slim

ENV NEXT_TELEMETRY_DISABLED=1
WORKDIR /app
RUN chown node:node /app
USER node

COPY --chown=node:node . .
RUN npm install --no-audit --no-fund && npm run build

ENV NODE_ENV=production PORT=3000 HOST=0.0.0.0
EXPOSE 3000
# The command `npm start` ends with, without npm and its shell in between, so SIGTERM
# reaches Herald and it drains before exiting.
CMD ["node", "--import", "tsx", "server/index.ts"]
