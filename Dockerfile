# Chunav Briefing Bot: one image for every role (bot, worker, all).
#   docker build -t chunav-bot .
#   docker run --env-file .env chunav-bot node dist/main.js worker
# The commands below are exercised outside Docker by scripts/docker-smoke.sh (run in CI), which reads the
# RUN/CMD/HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 CMD ["node", "dist/healthcheck.js"]

# ---- build: install everything, typecheck and compile ----
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
# smoke: build-install
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
# smoke: build
RUN npm run build

# ---- runtime: production dependencies, compiled JS, locales and content, non-root ----
FROM node:22-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HTTP_PORT=8080 \
    HTTP_HOST=0.0.0.0
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
# smoke: runtime-install
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY locales ./locales
COPY content ./content
USER node
EXPOSE 8080
# smoke: healthcheck
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 CMD ["node", "dist/healthcheck.js"]
STOPSIGNAL SIGTERM
# smoke: cmd
CMD ["node", "dist/main.js", "all"]
