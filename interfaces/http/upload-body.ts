import type { Context } from 'koa';
import { HttpProblem } from './problem.ts';

/**
 * Content types of an uploaded workbook (or CSV file: the servers import reads one; the employee import
 * refuses it as not a workbook); `jsonBody` leaves such a body unread for the route.
 */
export const UPLOAD_TYPES = [
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.ms-excel',
  'application/octet-stream',
  'text/csv',
] as const;

/**
 * Reads an uploaded file's bytes (the whole body, not multipart), refusing another content type (415), a
 * body over `limitBytes` (413: the connection's data stops being read at the limit, not after) and an empty
 * one (400).
 */
export async function readUpload(ctx: Context, limitBytes: number): Promise<Buffer> {
  if (!ctx.is(...UPLOAD_TYPES)) {
    throw new HttpProblem({
      status: 415,
      code: 'HTTP.UNSUPPORTED_MEDIA_TYPE',
      detail: `Send the file as the body, with Content-Type ${UPLOAD_TYPES[0]}`,
    });
  }
  const tooLarge = () =>
    new HttpProblem({
      status: 413,
      code: 'IMPORT.FILE_TOO_LARGE',
      detail: `The file is larger than ${limitBytes} bytes`,
    });
  if ((ctx.request.length ?? 0) > limitBytes) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limitBytes) {
      ctx.req.destroy();
      throw tooLarge();
    }
    chunks.push(chunk);
  }
  if (size === 0)
    throw new HttpProblem({ status: 400, code: 'HTTP.BAD_REQUEST', detail: 'The file is empty' });
  return Buffer.concat(chunks);
}
