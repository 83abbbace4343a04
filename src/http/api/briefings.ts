/**
 * The CMS API on the program's HTTP server: POST /api/v1/briefings (a story from the newsroom's CMS),
 * GET /api/v1/briefings/:external_id/delivery (how far it went), and the OpenAPI description at
 * /api/v1/openapi.json. Each request carries `Authorization: Bearer <token>` (tokens made and revoked
 * by owners with /tokens). Errors are JSON `{ error, message, fields? }` with a clear status: 400 for
 * fields, 401 token, 403 scope, 409 the same story in flight, 413 too big, 415 not JSON, 422 a story
 * that cannot be done as asked.
 */
import type { Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { type ApiDeps, ApiError, BriefingRequest, deliveryStatus, submitBriefing } from '../../ingest/api.js';
import type { Logger } from '../../logger.js';
import type { ApiToken } from '../../store/api-tokens.js';
import { openApiDocument } from './openapi.js';

/** Largest request body (bytes): a long story with its HTML is far smaller. */
export const MAX_REQUEST_BYTES = 512 * 1024;

type Problem = { error: string; message: string; fields?: Array<{ field: string; message: string }> };

function problem(c: Context, status: ContentfulStatusCode, body: Problem) {
  c.header('Cache-Control', 'no-store');
  return c.json(body, status);
}

/** The live token of the request, or undefined (then the route answers 401). */
async function tokenOf(c: Context, deps: ApiDeps): Promise<ApiToken | undefined> {
  const header = c.req.header('authorization') ?? '';
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m?.[1] ? deps.tokens.verify(m[1]) : undefined;
}

function unauthorized(c: Context) {
  c.header('WWW-Authenticate', 'Bearer realm="chunav-api"');
  return problem(c, 401, {
    error: 'unauthorized',
    message: 'send Authorization: Bearer <token>; an owner makes tokens with /tokens in the bot',
  });
}

const STATUS: Record<ApiError['code'], ContentfulStatusCode> = {
  forbidden: 403,
  busy: 409,
  unprocessable: 422,
};

/** Mounts the API routes; `onRequest` counts each answer (metrics). */
export function apiRoutes(
  deps: ApiDeps & { logger: Logger; onAnswer?: (route: string, status: number) => void },
): (app: Hono) => void {
  const log = deps.logger.child({ component: 'api' });
  return (app) => {
    app.get('/api/v1/openapi.json', (c) => c.json(openApiDocument()));

    app.post(
      '/api/v1/briefings',
      bodyLimit({
        maxSize: MAX_REQUEST_BYTES,
        onError: (c) =>
          problem(c, 413, { error: 'too-large', message: `the body is over ${MAX_REQUEST_BYTES} bytes` }),
      }),
      async (c) => {
        const answer = (status: number) => deps.onAnswer?.('post-briefing', status);
        const token = await tokenOf(c, deps);
        if (!token) {
          answer(401);
          return unauthorized(c);
        }
        const type = c.req.header('content-type') ?? '';
        if (!/^application\/json\s*(;|$)/i.test(type)) {
          answer(415);
          return problem(c, 415, {
            error: 'unsupported-media-type',
            message: 'send Content-Type: application/json',
          });
        }
        let json: unknown;
        try {
          json = await c.req.json();
        } catch {
          answer(400);
          return problem(c, 400, { error: 'invalid-json', message: 'the body is not valid JSON' });
        }
        const parsed = BriefingRequest.safeParse(json);
        if (!parsed.success) {
          answer(400);
          return problem(c, 400, {
            error: 'invalid-fields',
            message: 'some fields are missing or wrong',
            fields: parsed.error.issues.map((i) => ({
              field: i.path.join('.') || '(body)',
              message: i.message,
            })),
          });
        }
        try {
          const { created, response } = await submitBriefing(deps, token, parsed.data);
          answer(created ? 201 : 200);
          log.info(
            { tokenId: token.id, externalId: response.external_id, created, status: response.status },
            'api story',
          );
          return c.json(response, created ? 201 : 200);
        } catch (err) {
          if (err instanceof ApiError) {
            answer(STATUS[err.code]);
            return problem(c, STATUS[err.code], {
              error: err.code,
              message: err.message,
              ...(err.field ? { fields: [{ field: err.field, message: err.message }] } : {}),
            });
          }
          throw err;
        }
      },
    );

    app.get('/api/v1/briefings/:id/delivery', async (c) => {
      const token = await tokenOf(c, deps);
      if (!token) {
        deps.onAnswer?.('get-delivery', 401);
        return unauthorized(c);
      }
      const status = await deliveryStatus(deps, c.req.param('id'));
      deps.onAnswer?.('get-delivery', status ? 200 : 404);
      if (!status) return problem(c, 404, { error: 'not-found', message: 'no story with this external_id' });
      c.header('Cache-Control', 'no-store');
      return c.json(status);
    });
  };
}
