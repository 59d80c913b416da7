# Pantau server image: Node.js 20 on Debian with the probes' tools.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY dashboard ./dashboard
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends fping snmp iputils-ping \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/dashboard/dist ./dashboard/dist
COPY package.json ./
COPY config ./config
# --single-threaded-gc as in the bin's first line (src/cli.ts says why).
ENTRYPOINT ["node", "--single-threaded-gc", "dist/cli.js"]
CMD ["serve"]
