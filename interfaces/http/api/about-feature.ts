import { z } from 'zod';
import { DOCS_CONTENT_SECURITY_POLICY, type OpenApiDocument, docsPage } from '../openapi/index.ts';
import { type ApiFeature, apiFeature } from './api-feature.ts';

const About = z.object({ name: z.string(), version: z.string() });
const OpenApi = z
  .object({ openapi: z.string(), info: z.object({ title: z.string(), version: z.string() }) })
  .catchall(z.unknown());

/** `GET /api/v1` (what answers), `GET /api/v1/openapi.json` and its readable page `GET /api/v1/docs`. */
export function aboutFeature(version: string, document: () => OpenApiDocument): ApiFeature {
  const about = apiFeature('', 'About');
  about.get(
    '/',
    {
      summary: 'Name and version of the API',
      access: 'public',
      responses: { 200: { description: 'About', schema: About } },
    },
    (ctx) => {
      ctx.body = { name: 'tbot', version };
    },
  );
  about.get(
    '/openapi.json',
    {
      summary: 'The OpenAPI 3.1 document of this API',
      access: 'public',
      responses: { 200: { description: 'The OpenAPI document', schema: OpenApi } },
    },
    (ctx) => {
      ctx.body = document();
    },
  );
  about.get(
    '/docs',
    {
      summary: 'The API documentation as a page',
      access: 'public',
      responses: { 200: { description: 'An HTML page', contentType: 'text/html' } },
    },
    (ctx) => {
      ctx.set('Content-Security-Policy', DOCS_CONTENT_SECURITY_POLICY);
      ctx.type = 'text/html; charset=utf-8';
      ctx.body = docsPage(document());
    },
  );
  return about.feature;
}
