# Chunav Briefing Bot: one image for every role (bot, worker, all).
#   docker build -t chunav-bot .
#   docker run --env-file .env chunav-bot node dist/main.js worker
# The commands below are exercised outside Docker by scripts/docker-smoke.sh (run in CI), which reads the
# RUN/CMD/HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 CMD ["node", "dist/healthcheck.js"]

# ---- build: install everything, typecheck and compile ----
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
COPY packages/bot-api-double/package.json ./packages/bot-api-double/
COPY packages/sandbox/package.json ./packages/sandbox/
# smoke: build-install
RUN npm ci --no-audit --no-fund
COPY tsconfig.base.json tsconfig.json ./
# The workspace packages (Bot API double, sandbox) are compiled here because src/main.ts types its dynamic
# import of the sandbox; only the program's own dist/ goes on to the runtime stage.
COPY packages ./packages
COPY src ./src
# smoke: build
RUN npm run build

# ---- runtime: production dependencies, compiled JS, locales and the catalogue, non-root ----
# No Bot API double and no sandbox: packages/ is not copied, and --workspaces=false keeps npm from
# linking workspaces even where they exist (--omit=dev alone still links them).
FROM node:22-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HTTP_PORT=8080 \
    HTTP_HOST=0.0.0.0
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
# smoke: runtime-install
RUN npm ci --omit=dev --workspaces=false --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY locales ./locales
# Only the catalogue: briefings live in Redis (written at the desk, or imported with content:sync).
COPY content/catalogue ./content/catalogue
USER node
EXPOSE 8080
# smoke: healthcheck
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 CMD ["node", "dist/healthcheck.js"]
STOPSIGNAL SIGTERM
# smoke: cmd
CMD ["node", "dist/main.js", "all"]
