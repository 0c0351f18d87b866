import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** Where the pages find their assets: `/admin/assets/<name>.<content hash>.<ext>`. */
export const ASSETS_PREFIX = '/admin/assets';

export type AssetName = 'pico.css' | 'admin.css' | 'htmx.js' | 'htmx-sse.js' | 'admin.js';

export interface Asset {
  /** The URL the pages link: changes whenever the content does, so it may be cached for a year. */
  readonly url: string;
  readonly body: Buffer;
  readonly contentType: string;
}

export interface AdminAssets {
  url(name: AssetName): string;
  /** The asset a request's file name (`htmx.1a2b3c4d5e.js`) names, or `undefined`. */
  byFileName(fileName: string): Asset | undefined;
}

const require = createRequire(import.meta.url);
const own = (file: string) => new URL(file, import.meta.url);

// From node_modules, resolved as Node resolves packages: no copy to keep in step with the lockfile.
const SOURCES: Readonly<Record<AssetName, URL | string>> = {
  'pico.css': require.resolve('@picocss/pico/css/pico.min.css'),
  'admin.css': own('./admin.css'),
  'htmx.js': require.resolve('htmx.org/dist/htmx.min.js'),
  'htmx-sse.js': require.resolve('htmx-ext-sse/dist/sse.min.js'),
  'admin.js': own('./admin.js'),
};

const TYPES: Readonly<Record<string, string>> = {
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
};

/** Reads every asset once, at start: a missing file fails the start, not a page. */
export function loadAdminAssets(): AdminAssets {
  const byName = new Map<AssetName, Asset>();
  const byFile = new Map<string, Asset>();
  for (const [name, source] of Object.entries(SOURCES) as [AssetName, URL | string][]) {
    const body = readFileSync(source);
    const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
    const dot = name.lastIndexOf('.');
    const ext = name.slice(dot + 1);
    const fileName = `${name.slice(0, dot)}.${hash}.${ext}`;
    const asset: Asset = {
      url: `${ASSETS_PREFIX}/${fileName}`,
      body,
      contentType: TYPES[ext] ?? 'text/plain',
    };
    byName.set(name, asset);
    byFile.set(fileName, asset);
  }
  return {
    url(name) {
      const asset = byName.get(name);
      if (!asset) throw new Error(`no asset ${name}`);
      return asset.url;
    },
    byFileName: (fileName) => byFile.get(fileName),
  };
}
