import Router from '@koa/router';
import { ASSETS_PREFIX, type AdminAssets } from './admin-assets.ts';

/**
 * `/admin/assets/<name>.<hash>.<ext>`: public, cached a year and immutable (a new content is a new name). Before
 * the pages' chain: no session is read, no rate limit spent, for a file that is the same for everyone.
 */
export function assetsRouter(assets: AdminAssets): Router {
  const router = new Router();
  router.get(`${ASSETS_PREFIX}/:file`, (ctx) => {
    const asset = assets.byFileName(ctx.params['file'] ?? '');
    if (!asset) return;
    ctx.set('Cache-Control', 'public, max-age=31536000, immutable');
    ctx.set('Cross-Origin-Resource-Policy', 'same-origin');
    ctx.type = asset.contentType;
    ctx.body = asset.body;
  });
  return router;
}
