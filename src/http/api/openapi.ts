/**
 * The CMS API described as OpenAPI 3.1, served at /api/v1/openapi.json. The request schema is made from
 * the same zod schema that validates requests, so the description cannot drift from the code.
 */
import { z } from 'zod';
import { BriefingRequest } from '../../ingest/api.js';

const problem = {
  type: 'object',
  required: ['error', 'message'],
  properties: {
    error: { type: 'string' },
    message: { type: 'string' },
    fields: {
      type: 'array',
      items: {
        type: 'object',
        required: ['field', 'message'],
        properties: { field: { type: 'string' }, message: { type: 'string' } },
      },
    },
  },
} as const;

const briefing = {
  type: 'object',
  required: ['external_id', 'draft_id', 'briefing_id', 'status', 'seats', 'suggested_seats'],
  properties: {
    external_id: { type: 'string' },
    draft_id: { type: 'string' },
    briefing_id: { type: ['string', 'null'] },
    status: { type: 'string', enum: ['draft', 'published', 'scheduled'] },
    seats: {
      type: 'array',
      items: { type: 'string' },
      description: 'Seat codes it goes to: PCs (UP-16), then assembly seats (UP-A80)',
    },
    suggested_seats: {
      type: 'array',
      items: { type: 'string' },
      description:
        'Seat codes the tagger suggests: PCs, then assembly seats of a state in a Vidhan Sabha election',
    },
  },
} as const;

const delivery = {
  type: 'object',
  required: ['external_id', 'draft_id', 'briefing_id', 'status', 'delivered', 'deliveries'],
  properties: {
    ...briefing.properties,
    delivered: { type: 'integer', description: 'readers who have received it' },
    deliveries: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          status: { type: 'string', enum: ['scheduled', 'running', 'paused', 'cancelled', 'done'] },
          total: { type: 'integer' },
          sent: { type: 'integer' },
          failed: { type: 'integer' },
          blocked: { type: 'integer' },
        },
      },
    },
  },
} as const;

const err = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

let cached: object | undefined;

/** The OpenAPI 3.1 document of the CMS API. */
export function openApiDocument(): object {
  if (cached) return cached;
  const { $schema: _, ...request } = z.toJSONSchema(BriefingRequest, { io: 'input' }) as Record<
    string,
    unknown
  >;
  cached = {
    openapi: '3.1.0',
    info: {
      title: 'Chunav Briefing Bot CMS API',
      version: '1.0.0',
      description:
        'Stories from the newsroom CMS become briefings: drafts for editors, or published to the seats given. ' +
        'Tokens are made and revoked by owners with /tokens in the bot.',
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: { BriefingRequest: request, Briefing: briefing, Delivery: delivery, Problem: problem },
    },
    security: [{ bearer: [] }],
    paths: {
      '/api/v1/briefings': {
        post: {
          summary: 'Send a story; the same external_id again returns the same briefing',
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/BriefingRequest' } } },
          },
          responses: {
            '201': {
              description: 'Made',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Briefing' } } },
            },
            '200': {
              description: 'Made before with this external_id: what it made',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Briefing' } } },
            },
            '400': err('Invalid JSON or fields'),
            '401': err('No token, or not a live one'),
            '403': err('The token may make drafts only'),
            '409': err(
              'The same external_id is being handled by another request, or was sent with another token',
            ),
            '413': err('Body over 512 KB'),
            '415': err('Not application/json'),
            '422': err('Cannot be done as asked (unknown seats, no seats to publish to, a past time)'),
          },
        },
      },
      '/api/v1/briefings/{external_id}/delivery': {
        get: {
          summary: 'How far a story sent through the API has gone',
          parameters: [{ name: 'external_id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            '200': {
              description: 'Its status',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Delivery' } } },
            },
            '401': err('No token, or not a live one'),
            '404': err('No story with this external_id'),
          },
        },
      },
    },
  };
  return cached;
}
