#!/usr/bin/env bash
# Runs the Dockerfile's own commands outside Docker (Docker cannot run on the CI machine):
#   build stage   — copies what the Dockerfile copies into an empty folder, runs its install and build RUNs;
#   runtime stage — a second empty folder with the production install, dist/, locales/ and the catalogue
#     (content/catalogue: no briefing files, which live in Redis);
#     asserts that it carries no Bot API double and no sandbox (neither in node_modules nor in dist/), and
#     that without BOT_TOKEN the program says so in one line instead of opening a sandbox it does not have;
#   then starts its CMD (NODE_ENV=production) against a Bot API double and Redis, waits for its
#   HEALTHCHECK command to pass, checks /readyz, sends SIGTERM and expects a clean exit.
# The commands are read from the lines after "# smoke: <name>" in the Dockerfile, so they cannot drift.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
redis_url=${REDIS_URL:-redis://127.0.0.1:6379}

# The command on the line after "# smoke: <name>": a RUN's shell text, or a JSON exec form turned into words.
dockerfile_cmd() {
  node -e '
    const [name] = process.argv.slice(1);
    const lines = require("fs").readFileSync(process.argv[2], "utf8").split("\n");
    const i = lines.findIndex((l) => l.trim() === `# smoke: ${name}`);
    if (i < 0) { console.error(`Dockerfile has no "# smoke: ${name}" marker`); process.exit(2); }
    const line = lines[i + 1];
    let m;
    if ((m = /^RUN\s+(.*)$/.exec(line))) { console.log(m[1]); process.exit(0); }
    if ((m = /(?:^CMD|\sCMD)\s+(\[.*\])\s*$/.exec(line))) {
      console.log(JSON.parse(m[1]).map((w) => `'\''${w.replace(/'\''/g, "")}'\''`).join(" "));
      process.exit(0);
    }
    console.error(`cannot read a command from: ${line}`); process.exit(2);
  ' "$1" "$root/Dockerfile"
}

# Read every command first: a missing marker stops the script here.
cmd_build_install=$(dockerfile_cmd build-install)
cmd_build=$(dockerfile_cmd build)
cmd_runtime_install=$(dockerfile_cmd runtime-install)
cmd_healthcheck=$(dockerfile_cmd healthcheck)
cmd_cmd=$(dockerfile_cmd cmd)

stage=$(mktemp -d /tmp/chunav-docker-smoke.XXXXXX)
pids=()
prefix="smoke$$"
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  # Leave nothing behind in the shared Redis.
  node -e '
    const { Redis } = require(process.argv[1]);
    const r = new Redis(process.argv[2], { lazyConnect: true, maxRetriesPerRequest: 1 });
    (async () => {
      let c = "0";
      do {
        const [n, keys] = await r.scan(c, "MATCH", `${process.argv[3]}:*`, "COUNT", 1000);
        c = n;
        if (keys.length) await r.unlink(...keys);
      } while (c !== "0");
      await r.quit();
    })().catch((e) => { console.error(`could not clean ${process.argv[3]}:* keys: ${e.message}`); process.exit(0); });
  ' "$root/node_modules/ioredis" "$redis_url" "$prefix" || true
  rm -rf "$stage"
}
trap cleanup EXIT

echo "== build stage in $stage/build"
mkdir -p "$stage/build"
cp package.json package-lock.json .npmrc tsconfig.base.json tsconfig.json "$stage/build/"
cp -r src "$stage/build/src"
# packages/ as the build context has it (.dockerignore leaves out dist/, node_modules/ and *.tsbuildinfo).
cp -r packages "$stage/build/packages"
rm -rf "$stage"/build/packages/*/dist "$stage"/build/packages/*/node_modules "$stage"/build/packages/*/*.tsbuildinfo
(cd "$stage/build" && eval "$cmd_build_install" && eval "$cmd_build")

echo "== runtime stage in $stage/app"
mkdir -p "$stage/app" "$stage/npm-cache"
cp package.json package-lock.json .npmrc "$stage/app/"
# A private npm cache, so the stage's "npm cache clean" cannot touch the caller's.
(cd "$stage/app" && export npm_config_cache="$stage/npm-cache" && eval "$cmd_runtime_install")
cp -r "$stage/build/dist" "$stage/app/dist"
cp -r locales "$stage/app/"
# As the Dockerfile: the catalogue only; briefings live in Redis, none are baked into the image.
mkdir -p "$stage/app/content"
cp -r content/catalogue "$stage/app/content/catalogue"
grep -qE '^COPY content/catalogue ' Dockerfile || { echo "the Dockerfile no longer copies only the catalogue"; exit 1; }
if grep -qE '^COPY content( |/briefings)' Dockerfile; then echo "the Dockerfile copies briefings into the image"; exit 1; fi
[ ! -e "$stage/app/content/briefings" ] || { echo "runtime stage holds briefing files"; exit 1; }
if [ -d "$stage/app/node_modules/typescript" ] || [ -d "$stage/app/node_modules/vitest" ]; then
  echo "runtime stage holds dev dependencies"; exit 1
fi

echo "== runtime stage carries no Bot API double and no sandbox"
# The build stage has both (compiled in packages/*/dist), so these checks can fail.
for pkg in bot-api-double sandbox; do
  [ -f "$stage/build/packages/$pkg/dist/index.js" ] || { echo "build stage did not compile packages/$pkg"; exit 1; }
done
tools=$(cd "$stage/app" && {
  # node_modules: the workspace links or copies of either package, under any name.
  find node_modules -path '*/@chunav' -print
  grep -rlE --include=package.json '"name": *"@chunav/' node_modules || true
  # dist/: compiled modules of either package.
  find dist \( -iname '*bot-api-double*' -o -iname '*sandbox*' \) -print
  grep -rlE 'createBotApiDouble|@chunav/bot-api-double|createWebChat' dist || true
} | sort -u)
if [ -n "$tools" ]; then
  echo "runtime stage holds the double or the sandbox:"; echo "$tools"; exit 1
fi
# A production install without BOT_TOKEN (and NODE_ENV not production) has no sandbox to open: one clear line.
no_token=$(cd "$stage/app" && env -u BOT_TOKEN NODE_ENV=development REDIS_URL="$redis_url" KEY_PREFIX="$prefix" \
  node dist/main.js all 2>&1) && { echo "started without BOT_TOKEN and without a sandbox:"; echo "$no_token"; exit 1; }
case "$no_token" in
  *"BOT_TOKEN is not set, and this install has no sandbox"*) echo "without BOT_TOKEN: $no_token" ;;
  *) echo "without BOT_TOKEN it said:"; echo "$no_token"; exit 1 ;;
esac
[ "$(printf '%s\n' "$no_token" | wc -l)" = 1 ] || { echo "expected one line without BOT_TOKEN"; exit 1; }

port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
double_port=$(port)
http_port=$(port)

echo "== Bot API double on $double_port"
node "$stage/build/packages/bot-api-double/dist/cli.js" --port "$double_port" >"$stage/double.log" 2>&1 &
pids+=($!)

echo "== CMD: $cmd_cmd"
(
  cd "$stage/app"
  export NODE_ENV=production HTTP_PORT="$http_port" HTTP_HOST=127.0.0.1 REDIS_URL="$redis_url" KEY_PREFIX="$prefix" \
    BOT_TOKEN="123456:smoke-test-token-not-real-000" TELEGRAM_API_ROOT="http://127.0.0.1:$double_port" \
    ADMIN_IDS=1 LOG_LEVEL=info
  eval "exec $cmd_cmd"
) >"$stage/app.log" 2>&1 &
app=$!
pids+=($app)

healthcheck=$cmd_healthcheck
healthy=no
for _ in $(seq 1 60); do
  if (cd "$stage/app" && HTTP_PORT="$http_port" eval "$healthcheck"); then healthy=yes; break; fi
  if ! kill -0 "$app" 2>/dev/null; then break; fi
  sleep 0.5
done
if [ "$healthy" != yes ]; then
  echo "HEALTHCHECK never passed; program output:"; tail -40 "$stage/app.log"; exit 1
fi
echo "HEALTHCHECK passes: $healthcheck"
grep -q 'no briefing files to import' "$stage/app.log" || { echo "no word of the missing briefing files:"; tail -20 "$stage/app.log"; exit 1; }

ready=$(node -e 'fetch(process.argv[1]).then(async (r) => console.log(r.status, await r.text()), (e) => console.log("error", e.message))' "http://127.0.0.1:$http_port/readyz")
echo "/readyz: $ready"
case "$ready" in 200*) ;; *) echo "/readyz is not 200"; tail -40 "$stage/app.log"; exit 1 ;; esac

echo "== SIGTERM"
kill -TERM "$app"
code=0
for _ in $(seq 1 60); do kill -0 "$app" 2>/dev/null || break; sleep 0.5; done
if kill -0 "$app" 2>/dev/null; then echo "still running 30 s after SIGTERM"; exit 1; fi
wait "$app" || code=$?
if [ "$code" != 0 ]; then echo "exit code $code after SIGTERM"; tail -40 "$stage/app.log"; exit 1; fi

echo "docker smoke: build, runtime install (no double, no sandbox, no briefing files), CMD, HEALTHCHECK, /readyz and SIGTERM all pass"
