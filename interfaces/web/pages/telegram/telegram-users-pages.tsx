import type { Context } from 'koa';
import { z } from 'zod';
import type { Checkpoint } from '../../../../application/ports/index.ts';
import type {
  TelegramLookups,
  TelegramUserCommands,
  TelegramUserResult,
} from '../../../../application/telegram/index.ts';
import { DomainError } from '../../../../domain/shared/index.ts';
import { TELEGRAM_ROLES } from '../../../../domain/telegram/index.ts';
import type { UserRole } from '../../../../domain/users/index.ts';
import { adminWrite } from '../../../http/admin-write.ts';
import { formFields } from '../../forms/index.ts';
import type { WebView } from '../../web-view.ts';
import { type WebFeature, redirectAfterPost, webFeature } from '../../web-feature.ts';
import { TELEGRAM_STATUSES, TelegramUsersPage } from './telegram-users-page.tsx';

export interface TelegramUsersPagesDeps {
  readonly commands: TelegramUserCommands;
  readonly lookups: TelegramLookups;
  /** Read-your-writes: resolves once the Telegram read model has applied `checkpoint`. */
  readonly waitForTelegram: (checkpoint: Checkpoint) => Promise<boolean>;
}

/** As the API's `/telegram` routes: admins only. */
const ADMINS: readonly UserRole[] = ['admin'];
const PAGE_SIZE = 50;
const PENDING_SHOWN = 200;

const ListQuery = z.object({
  status: z.enum(TELEGRAM_STATUSES).optional().catch(undefined),
  offset: z.coerce.number().int().min(0).max(100_000).catch(0),
  done: z.enum(['approved', 'denied', 'role', 'blocked']).optional().catch(undefined),
  user: z.coerce.number().int().positive().optional().catch(undefined),
});
const UserParams = z.object({
  id: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 52),
});
const RoleForm = z.object({ role: z.enum(TELEGRAM_ROLES) });

type Action = 'approved' | 'denied' | 'role' | 'blocked';

async function renderList(
  ctx: Context,
  view: WebView,
  deps: TelegramUsersPagesDeps,
  outcome?: { kind: 'ok' | 'error'; text: string },
) {
  const query = ListQuery.parse(ctx.query);
  const [pending, page] = await Promise.all([
    deps.lookups.listUsers({ status: 'pending', limit: PENDING_SHOWN }),
    deps.lookups.listUsers({ status: query.status, limit: PAGE_SIZE + 1, offset: query.offset }),
  ]);
  let shown = outcome;
  if (!shown && query.done && query.user !== undefined) {
    const user = await deps.lookups.getUser(query.user);
    const name = user?.displayName ?? String(query.user);
    shown = { kind: 'ok', text: view.t(`tgDone_${query.done}`, { name, role: user?.role ?? '' }) };
  }
  return (
    <TelegramUsersPage
      view={view}
      pending={pending}
      users={page.slice(0, PAGE_SIZE)}
      status={query.status ?? null}
      offset={query.offset}
      pageSize={PAGE_SIZE}
      hasNext={page.length > PAGE_SIZE}
      outcome={shown}
    />
  );
}

/**
 * `/admin/telegram`: the bot's users. Approve (with a role), deny, change the role, block: the API's command
 * handlers under the admin's name, so each decision is in the audit log as the admin's and the user is told by
 * the access-notices reactor, as when the API or the bot's buttons decide.
 */
export function telegramUsersPages(deps: TelegramUsersPagesDeps): WebFeature {
  const pages = webFeature([{ path: '/admin/telegram', label: 'navTelegramUsers', roles: ADMINS }]);

  pages.get('/admin/telegram', ADMINS, (ctx, view) => renderList(ctx, view, deps));

  const decide = (
    path: string,
    action: Action,
    run: (id: number, fields: Record<string, string>, ctx: Context) => Promise<TelegramUserResult> | null,
  ) =>
    pages.post(path, ADMINS, async (ctx, view) => {
      const params = UserParams.safeParse(ctx.params);
      if (!params.success)
        return renderList(ctx, view, deps, { kind: 'error', text: view.t('fieldInvalid') });
      const id = params.data.id;
      try {
        const running = run(id, formFields(ctx), ctx);
        if (running === null) {
          ctx.status = 422;
          return renderList(ctx, view, deps, { kind: 'error', text: view.t('tgRoleInvalid') });
        }
        const result = await running;
        // The list shows the decision when the page loads: wait (briefly) for the read model to have it.
        if (result.checkpoint) await deps.waitForTelegram(result.checkpoint).catch(() => false);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        ctx.status = 409;
        return renderList(ctx, view, deps, { kind: 'error', text: refusalText(view, error) });
      }
      return redirectAfterPost(ctx, `/admin/telegram?done=${action}&user=${id}`);
    });

  const withRole = (fields: Record<string, string>) => RoleForm.safeParse(fields);
  decide('/admin/telegram/users/:id/approve', 'approved', (id, fields, ctx) => {
    const form = withRole(fields);
    return form.success ? deps.commands.approve(id, form.data.role, adminWrite(ctx, 'telegram')) : null;
  });
  decide('/admin/telegram/users/:id/role', 'role', (id, fields, ctx) => {
    const form = withRole(fields);
    return form.success ? deps.commands.changeRole(id, form.data.role, adminWrite(ctx, 'telegram')) : null;
  });
  decide('/admin/telegram/users/:id/deny', 'denied', (id, _fields, ctx) =>
    deps.commands.deny(id, adminWrite(ctx, 'telegram')),
  );
  decide('/admin/telegram/users/:id/block', 'blocked', (id, _fields, ctx) =>
    deps.commands.block(id, adminWrite(ctx, 'telegram')),
  );

  return pages.feature;
}

/** The refusals a person can meet here in their own words; any other shows the domain's own message. */
const REFUSAL_TEXTS: Partial<Record<DomainError['code'], Parameters<WebView['t']>[0]>> = {
  'TELEGRAM_USER.ALREADY_DECIDED': 'tgAlreadyDecided',
  'TELEGRAM_USER.NOT_APPROVED': 'tgNotApproved',
  'TELEGRAM_USER.BLOCKED': 'tgIsBlocked',
  'TELEGRAM_USER.NOT_FOUND': 'tgNotFound',
  'TELEGRAM_USER.FORGOTTEN': 'tgNotFound',
};

function refusalText(view: WebView, error: DomainError): string {
  const key = REFUSAL_TEXTS[error.code];
  return key === undefined ? error.message : view.t(key);
}
