# syntax=docker/dockerfile:1
# Multi-stage: build with dev dependencies, run with production dependencies only, as a non-root user.
FROM node:20.20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json .swcrc ./
COPY scripts/build.mjs ./scripts/build.mjs
COPY src ./src
COPY migrations ./migrations
COPY web ./web
# The server (swc) and the staff console (vite); then only production dependencies stay.
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:20.20-bookworm-slim AS runtime
# Memory (issue 13): glibc keeps each argon2 hash's 19 MiB buffer in the arena of the worker
# thread that hashed (its mmap threshold rises to the size of the last one freed), ~80 MB for four
# threads; a fixed 1 MiB threshold gives them back. A 16 MB semi-space, stated: 4 MB saved about
# 25 MB of RSS but made a payment cost 12 % more CPU (a young-generation collection every 2.5 MB
# allocated, a payment allocates about 300 KB).
# The same as `npm start` (package.json); bench/ measures the server with these.
ENV NODE_ENV=production PORT=3000 MALLOC_MMAP_THRESHOLD_=1048576
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/web/dist ./web/dist
COPY package.json ./
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=5 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "--max-semi-space-size=16", "dist/src/main.js"]

# The compose `backup` service (profile "backup"): the same image plus pg_dump and pg_restore of
# the server's major version (17, from the PostgreSQL project's apt repository; Debian 12 ships 15),
# running scripts/backup-nightly.sh. Build the API with `target: runtime` (docker-compose.yml).
FROM runtime AS backup
ARG PG_MAJOR=17
USER root
RUN apt-get update -qq \
 && apt-get install -y -qq --no-install-recommends ca-certificates curl >/dev/null \
 && install -d /usr/share/postgresql-common/pgdg \
 && curl -fsSL -o /usr/share/postgresql-common/pgdg/apt.postgresql.org.asc https://www.postgresql.org/media/keys/ACCC4CF8.asc \
 && echo "deb [signed-by=/usr/share/postgresql-common/pgdg/apt.postgresql.org.asc] https://apt.postgresql.org/pub/repos/apt bookworm-pgdg main" > /etc/apt/sources.list.d/pgdg.list \
 && apt-get update -qq \
 && apt-get install -y -qq --no-install-recommends postgresql-client-${PG_MAJOR} >/dev/null \
 && apt-get purge -y -qq curl >/dev/null && rm -rf /var/lib/apt/lists/* \
 && install -d -o node -g node /backups
COPY --chmod=755 scripts/backup-nightly.sh ./scripts/backup-nightly.sh
USER node
HEALTHCHECK NONE
CMD ["./scripts/backup-nightly.sh"]
