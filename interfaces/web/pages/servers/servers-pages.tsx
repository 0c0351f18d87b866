import type { Context } from 'koa';
import type {
  IssuedPushToken,
  ServerCommands,
  ServerGroupCommands,
} from '../../../../application/monitoring/index.ts';
import type { Checkpoint } from '../../../../application/ports/index.ts';
import { DomainError } from '../../../../domain/shared/index.ts';
import type { MonitoringQueries } from '../../../../projections/monitoring/index.ts';
import { adminWrite } from '../../../http/admin-write.ts';
import { checkOf } from '../../../http/monitoring/check-input.ts';
import { EDITORS, NewGroupBody, READERS } from '../../../http/monitoring/monitoring-schemas.ts';
import { formFields, validateForm } from '../../forms/index.ts';
import type { WebView } from '../../web-view.ts';
import { type WebFeature, redirectAfterPost, webFeature } from '../../web-feature.ts';
import { formFieldOf, parseServerForm, serverFormValues } from './server-form.ts';
import { type ServersPageProps, ServersPage } from './servers-page.tsx';

export interface ServersPagesDeps {
  readonly servers: ServerCommands;
  readonly groups: ServerGroupCommands;
  readonly queries: MonitoringQueries;
  readonly waitForMonitoring: (checkpoint: Checkpoint) => Promise<boolean>;
  /** `monitoring.checkIntervalSeconds`: the interval of a check that names none. */
  readonly defaultIntervalSeconds: () => number;
}

/** Far above a company's fleet; the API pages past it. */
const SERVERS_SHOWN = 500;
const SCOPE = 'monitoring-servers';

type Extra = Omit<ServersPageProps, 'view' | 'servers' | 'groups' | 'editable'>;

async function render(ctx: Context, view: WebView, deps: ServersPagesDeps, extra: Extra = {}) {
  const [servers, groups] = await Promise.all([
    deps.queries.listServers({ limit: SERVERS_SHOWN, offset: 0 }),
    deps.queries.listGroups(),
  ]);
  const editable = view.user !== null && EDITORS.includes(view.user.role);
  let { outcome } = extra;
  const added = typeof ctx.query['added'] === 'string' ? ctx.query['added'] : undefined;
  if (!outcome && added) {
    const server = servers.find((s) => s.serverId === added);
    const group = groups.find((g) => g.groupId === added);
    const name = server?.name ?? group?.name;
    if (name) outcome = { kind: 'ok', text: view.t(server ? 'srvAdded' : 'srvGroupAdded', { name }) };
  }
  return (
    <ServersPage
      view={view}
      servers={servers}
      groups={groups}
      editable={editable}
      {...extra}
      outcome={outcome}
    />
  );
}

/** A domain refusal that names its field goes next to that field; any other is the page's outcome. */
function refusal(error: DomainError, field: (path: string) => string) {
  const named = error.context['field'];
  return typeof named === 'string'
    ? { errors: { [field(named)]: [error.message] } }
    : { outcome: { kind: 'error' as const, text: error.message } };
}

/**
 * `/admin/servers`: the servers and groups (every role reads them, as the API's monitoring routes), and for
 * operators and admins the forms that add them, validated by the API's schemas and run by its commands under
 * the user's name; a new server shows on the dashboard's monitoring board.
 */
export function serversPages(deps: ServersPagesDeps): WebFeature {
  const pages = webFeature([{ path: '/admin/servers', label: 'navServers', roles: READERS }]);

  pages.get('/admin/servers', READERS, (ctx, view) => render(ctx, view, deps));

  pages.post('/admin/servers', EDITORS, async (ctx, view) => {
    const values = serverFormValues(formFields(ctx));
    const form = parseServerForm(values, view.t);
    if (!form.ok) {
      ctx.status = 422;
      return render(ctx, view, deps, { serverForm: { values, errors: form.errors } });
    }
    const { body } = form;
    let pushTokens: readonly IssuedPushToken[];
    try {
      const interval = deps.defaultIntervalSeconds();
      const result = await deps.servers.register(
        {
          name: body.name,
          host: body.host,
          groupId: body.groupId ?? null,
          parentId: body.parentId ?? null,
          checks: body.checks.map((check) => checkOf(check, interval)),
        },
        adminWrite(ctx, SCOPE),
      );
      if (result.checkpoint) await deps.waitForMonitoring(result.checkpoint).catch(() => false);
      pushTokens = result.pushTokens;
      if (pushTokens.length === 0) return redirectAfterPost(ctx, `/admin/servers?added=${result.serverId}`);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      ctx.status = 422;
      const { errors, outcome } = refusal(error, formFieldOf);
      return render(ctx, view, deps, { serverForm: { values, errors: errors ?? {} }, outcome });
    }
    // A push check's token is shown this once (it is not stored readable): no redirect, the page itself.
    return render(ctx, view, deps, {
      outcome: { kind: 'ok', text: view.t('srvAdded', { name: body.name }) },
      pushTokens,
    });
  });

  pages.post('/admin/servers/groups', EDITORS, async (ctx, view) => {
    const name = formFields(ctx)['groupName'] ?? '';
    const form = validateForm(NewGroupBody, { name }, view.t);
    if (!form.ok) {
      ctx.status = 422;
      return render(ctx, view, deps, {
        groupForm: { name, errors: { groupName: form.errors['name'] ?? [] } },
      });
    }
    try {
      const result = await deps.groups.create(form.value, adminWrite(ctx, 'monitoring-groups'));
      if (result.checkpoint) await deps.waitForMonitoring(result.checkpoint).catch(() => false);
      return redirectAfterPost(ctx, `/admin/servers?added=${result.groupId}`);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      ctx.status = 422;
      const { errors, outcome } = refusal(error, () => 'groupName');
      return render(ctx, view, deps, { groupForm: { name, errors: errors ?? {} }, outcome });
    }
  });

  return pages.feature;
}
