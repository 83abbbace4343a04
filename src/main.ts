import { ROLES, type Role, startApp } from './app.js';
import { parseConfigOrExit } from './config.js';
import { createLogger } from './logger.js';

/** Past SHUTDOWN_TIMEOUT, the closes that follow the drain (HTTP, queues, Redis) get this much more. */
const EXIT_MARGIN_MS = 5000;

/** The workspace package of the first-run sandbox; development installs only. */
const SANDBOX_PACKAGE = '@chunav/sandbox';

/**
 * The sandbox package, or undefined when this install has none: `npm ci --omit=dev --workspaces=false`
 * (the production image) leaves it and the Bot API double out. Any other failure to load it is thrown.
 */
async function loadSandbox(): Promise<typeof import('@chunav/sandbox') | undefined> {
  try {
    return await import('@chunav/sandbox');
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    // The package itself is missing, not a file inside it (an unbuilt package names its dist/ file).
    if (e.code === 'ERR_MODULE_NOT_FOUND' && e.message.includes(`'${SANDBOX_PACKAGE}'`)) return undefined;
    throw err;
  }
}

/**
 * Entry point: `node dist/main.js [all|bot|worker]` (default all). Parses the environment once, starts
 * the role, and stops cleanly on SIGINT/SIGTERM; a second signal exits at once. Role `all` without
 * BOT_TOKEN starts the sandbox (`packages/sandbox`, loaded only then): a local Telegram double and a web chat.
 */
async function main(): Promise<void> {
  const roleArg = process.argv[2] ?? 'all';
  if (!(ROLES as readonly string[]).includes(roleArg)) {
    console.error(`Unknown role "${roleArg}". Use one of: ${ROLES.join(', ')}.`);
    process.exit(1);
  }
  const role = roleArg as Role;

  const config = parseConfigOrExit(process.env);

  // A production deployment without a token is a mistake, not a request for the sandbox.
  if (!config.botToken && process.env.NODE_ENV === 'production') {
    console.error(
      'BOT_TOKEN is required when NODE_ENV=production (ask @BotFather for one); the sandbox runs only outside production.',
    );
    process.exit(1);
  }
  const sandbox = role === 'all' && !config.botToken;
  const sandboxModule = sandbox ? await loadSandbox() : undefined;
  if (sandbox && !sandboxModule) {
    console.error(
      `BOT_TOKEN is not set, and this install has no sandbox (${SANDBOX_PACKAGE} is a development tool, left out of production installs): set BOT_TOKEN (ask @BotFather for one).`,
    );
    process.exit(1);
  }
  // The sandbox is for a person at a terminal: its banner, not info-level JSON, unless LOG_LEVEL says so.
  const quiet = sandbox && !process.env.LOG_LEVEL?.trim();
  const logger = createLogger(quiet ? 'warn' : config.logLevel);
  // A signal during start-up ends whatever start-up waits on (Telegram, retried without end otherwise).
  const startup = new AbortController();
  const started: Promise<{ stop(): Promise<void> }> = sandboxModule
    ? sandboxModule.startSandbox({
        config,
        env: process.env,
        logger,
        startApp: (sandboxConfig) => startApp(sandboxConfig, 'all', logger, { signal: startup.signal }),
      })
    : startApp(config, role, logger, { signal: startup.signal });
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'stopping');
    startup.abort();
    // Whatever start-up or a shutdown step waits on, the process ends within its bound: every step is
    // bounded by SHUTDOWN_TIMEOUT plus a few short closes; this is the last resort past them.
    setTimeout(() => {
      logger.warn(
        { waitedMs: config.shutdownTimeoutMs + EXIT_MARGIN_MS },
        'shutdown overran its bound: exiting now',
      );
      process.exit(1);
    }, config.shutdownTimeoutMs + EXIT_MARGIN_MS).unref();
    // Start-up stopped by the abort has closed what it opened; one that finished is stopped in order.
    void started
      .then((app) => app.stop())
      .catch(() => undefined)
      .then(() => process.exit(0));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection'));

  try {
    await started;
  } catch (err) {
    if (stopping) return; // stopped during start-up: the signal handler exits

    // In the quiet sandbox the console line below says it all; the JSON log line would repeat it.
    if (!quiet) logger.fatal({ err }, 'failed to start');
    console.error(`Failed to start: ${(err as Error).message}`);
    process.exit(1);
  }
}

void main();
