import type { Context } from 'koa';

/** A form's multipart fields around the file: boundaries, the CSRF token, the file's part headers. */
const FORM_OVERHEAD_BYTES = 64 * 1024;

/**
 * A body over the bound is still read (and dropped) up to this size, so that the browser gets the page that
 * says "too large" rather than a reset connection; past it the connection is cut.
 */
const DRAIN_LIMIT_BYTES = 64 * 1024 * 1024;

/** Why an upload form was not read: the page says so next to the file field, nothing is imported. */
export type UploadRefusal = 'NOT_A_FORM' | 'FILE_TOO_LARGE' | 'NO_FILE';

export type WorkbookUpload =
  | { readonly ok: true; readonly file: Buffer; readonly fileName: string; readonly fields: FormData }
  | { readonly ok: false; readonly refusal: UploadRefusal };

/**
 * Reads a `multipart/form-data` form holding one file in `field`, as a browser posts it: the body is bounded
 * while it arrives (nothing is kept past `limitBytes` plus the form's own overhead), then
 * parsed by the platform's own form-data parser (undici's, in Node), so no parser of ours or a dependency's
 * reads untrusted bytes. The file's own size is checked against `limitBytes` exactly.
 */
export async function readWorkbookUpload(
  ctx: Context,
  field: string,
  limitBytes: number,
): Promise<WorkbookUpload> {
  if (!ctx.is('multipart/form-data')) return { ok: false, refusal: 'NOT_A_FORM' };
  const bound = limitBytes + FORM_OVERHEAD_BYTES;
  if ((ctx.request.length ?? 0) > DRAIN_LIMIT_BYTES) return cutOff(ctx);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > DRAIN_LIMIT_BYTES) return cutOff(ctx);
    if (size <= bound) chunks.push(chunk);
  }
  if (size > bound) return { ok: false, refusal: 'FILE_TOO_LARGE' };
  let form: FormData;
  try {
    form = await new Response(Buffer.concat(chunks), {
      headers: { 'Content-Type': ctx.get('Content-Type') },
    }).formData();
  } catch {
    return { ok: false, refusal: 'NOT_A_FORM' };
  }
  const part = form.get(field);
  if (part === null || typeof part === 'string' || part.size === 0) return { ok: false, refusal: 'NO_FILE' };
  if (part.size > limitBytes) return { ok: false, refusal: 'FILE_TOO_LARGE' };
  return { ok: true, file: Buffer.from(await part.arrayBuffer()), fileName: part.name, fields: form };
}

function cutOff(ctx: Context): WorkbookUpload {
  // The rest of the body is not read: the answer goes out and the connection closes.
  ctx.set('Connection', 'close');
  return { ok: false, refusal: 'FILE_TOO_LARGE' };
}
