/**
 * Container health probe (`node dist/healthcheck.js`): exits 0 when this process's own HTTP server answers
 * /healthz within the timeout, 1 otherwise. Used by the Dockerfile's HEALTHCHECK.
 */
const port = process.env.HTTP_PORT || '8080';
const url = `http://127.0.0.1:${port}/healthz`;

try {
  const res = await fetch(url, { signal: AbortSignal.timeout(4000) });
  process.exit(res.ok ? 0 : 1);
} catch {
  process.exit(1);
}
