import { type App, ROLES, type Role, startApp } from './app.js';
import { parseConfigOrExit } from './config.js';
import { createLogger } from './logger.js';

/**
 * Entry point: `node dist/main.js [all|bot|worker]` (default all). Parses the environment once, starts
 * the role, and stops cleanly on SIGINT/SIGTERM; a second signal exits at once.
 */
async function main(): Promise<void> {
  const roleArg = process.argv[2] ?? 'all';
  if (!(ROLES as readonly string[]).includes(roleArg)) {
    console.error(`Unknown role "${roleArg}". Use one of: ${ROLES.join(', ')}.`);
    process.exit(1);
  }
  const role = roleArg as Role;

  const config = parseConfigOrExit(process.env);

  const logger = createLogger(config.logLevel);
  const started: Promise<App> = startApp(config, role, logger);
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'stopping');
    // A signal during start-up waits for start-up to finish, so that everything opened is closed.
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
    logger.fatal({ err: { message: (err as Error).message } }, 'failed to start');
    console.error(`Failed to start: ${(err as Error).message}`);
    process.exit(1);
  }
}

void main();
