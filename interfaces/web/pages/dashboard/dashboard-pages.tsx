import type { HealthReport } from '../../../../application/health/index.ts';
import { USER_ROLES } from '../../../../domain/users/index.ts';
import type { SafeHtml } from '../../jsx/jsx-runtime.ts';
import { PageLayout } from '../../layout/page-layout.tsx';
import { type WebFeature, webFeature } from '../../web-feature.ts';
import type { WebView } from '../../web-view.ts';

export interface DashboardDeps {
  readonly healthReport: () => Promise<HealthReport>;
}

function DashboardPage({
  view,
  health,
}: {
  readonly view: WebView;
  readonly health: HealthReport;
}): SafeHtml {
  const { t } = view;
  return (
    <PageLayout view={view} title={t('dashboardTitle')}>
      <section aria-labelledby="dependencies">
        <h2 id="dependencies">{t('clusterNodes')}</h2>
        <div class="table-wrap">
          <table>
            <tbody>
              {Object.entries(health.dependencies).map(([name, status]) => (
                <tr>
                  <th scope="row">{name}</th>
                  <td class={`status-${status.status}`}>{status.status}</td>
                  <td>{`${status.latencyMs} ms`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </PageLayout>
  );
}

/** `/admin`: what is up and down right now. Every role may look. */
export function dashboardPages(deps: DashboardDeps): WebFeature {
  const pages = webFeature([{ path: '/admin', label: 'navDashboard', roles: USER_ROLES }]);
  pages.get('/admin', USER_ROLES, async (_ctx, view) =>
    DashboardPage({ view, health: await deps.healthReport() }),
  );
  return pages.feature;
}
