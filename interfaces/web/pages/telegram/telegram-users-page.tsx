import type { TelegramUserView } from '../../../../application/telegram/index.ts';
import { TELEGRAM_ROLES, type TelegramAccessStatus } from '../../../../domain/telegram/index.ts';
import { Outcome } from '../../components/outcome.tsx';
import { PostForm } from '../../components/post-form.tsx';
import type { SafeHtml } from '../../jsx/jsx-runtime.ts';
import { PageLayout } from '../../layout/page-layout.tsx';
import type { WebView } from '../../web-view.ts';

export const TELEGRAM_STATUSES: readonly TelegramAccessStatus[] = [
  'pending',
  'approved',
  'registered',
  'denied',
  'blocked',
];

export interface TelegramUsersPageProps {
  readonly view: WebView;
  /** Every access request waiting, shown first whatever the filter. */
  readonly pending: readonly TelegramUserView[];
  /** The filtered list's page. */
  readonly users: readonly TelegramUserView[];
  readonly status: TelegramAccessStatus | null;
  readonly offset: number;
  readonly pageSize: number;
  readonly hasNext: boolean;
  readonly outcome?: { readonly kind: 'ok' | 'error'; readonly text: string } | undefined;
}

const statusLabel = (view: WebView, status: TelegramAccessStatus) => view.t(`tgStatus_${status}`);

function RoleSelect({ view, user, id }: { view: WebView; user: TelegramUserView; id: string }): SafeHtml {
  return (
    <>
      <label for={id} class="visually-hidden">
        {view.t('tgRoleFor', { name: user.displayName })}
      </label>
      <select id={id} name="role">
        {TELEGRAM_ROLES.map((role) => (
          <option value={role} selected={(user.role ?? 'viewer') === role}>
            {role}
          </option>
        ))}
      </select>
    </>
  );
}

/** The actions a user's status allows, each a small POST form (works without script). */
function Actions({ view, user }: { view: WebView; user: TelegramUserView }): SafeHtml {
  const base = `/admin/telegram/users/${user.telegramUserId}`;
  const { t } = view;
  const block = (
    <PostForm view={view} action={`${base}/block`} class="inline">
      <button type="submit" class="secondary outline">
        {t('tgBlock')}
      </button>
    </PostForm>
  );
  if (user.status === 'blocked') return <span class="muted">—</span>;
  if (user.status === 'approved') {
    return (
      <div class="actions">
        <PostForm view={view} action={`${base}/role`} class="inline">
          <RoleSelect view={view} user={user} id={`role-${user.telegramUserId}`} />
          <button type="submit">{t('tgChangeRole')}</button>
        </PostForm>
        {block}
      </div>
    );
  }
  return (
    <div class="actions">
      <PostForm view={view} action={`${base}/approve`} class="inline">
        <RoleSelect view={view} user={user} id={`approve-role-${user.telegramUserId}`} />
        <button type="submit">{t('tgApprove')}</button>
      </PostForm>
      {user.status === 'denied' ? null : (
        <PostForm view={view} action={`${base}/deny`} class="inline">
          <button type="submit" class="secondary">
            {t('tgDeny')}
          </button>
        </PostForm>
      )}
      {block}
    </div>
  );
}

function UsersTable({
  view,
  users,
  caption,
}: {
  view: WebView;
  users: readonly TelegramUserView[];
  caption: string;
}) {
  const { t } = view;
  if (users.length === 0) return <p class="muted">{t('nothingHere')}</p>;
  return (
    <div class="table-wrap">
      <table>
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('tgName')}</th>
            <th scope="col">{t('tgId')}</th>
            <th scope="col">{t('tgStatus')}</th>
            <th scope="col">{t('tgRole')}</th>
            <th scope="col">{t('tgUpdated')}</th>
            <th scope="col">{t('tgActions')}</th>
          </tr>
        </thead>
        <tbody>
          {users.map((user) => (
            <tr data-telegram-user={String(user.telegramUserId)}>
              <td>
                {user.displayName}
                {user.username ? <small class="muted"> @{user.username}</small> : null}
              </td>
              <td>{String(user.telegramUserId)}</td>
              <td>{statusLabel(view, user.status)}</td>
              <td>{user.role ?? '—'}</td>
              <td>
                <time datetime={user.updatedAt}>{user.updatedAt.slice(0, 16).replace('T', ' ')}</time>
              </td>
              <td>
                <Actions view={view} user={user} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const listHref = (status: TelegramAccessStatus | null, offset: number) => {
  const query = new URLSearchParams();
  if (status) query.set('status', status);
  if (offset > 0) query.set('offset', String(offset));
  const text = query.toString();
  return text === '' ? '/admin/telegram' : `/admin/telegram?${text}`;
};

/** The bot's users: the access requests waiting first, then everyone (filtered by status, in the URL). */
export function TelegramUsersPage(props: TelegramUsersPageProps): SafeHtml {
  const { view, status, offset, pageSize } = props;
  const { t } = view;
  return (
    <PageLayout view={view} title={t('tgTitle')}>
      {props.outcome ? <Outcome kind={props.outcome.kind} text={props.outcome.text} /> : null}
      <section aria-labelledby="pending-heading">
        <h2 id="pending-heading">{t('tgPendingHeading', { count: props.pending.length })}</h2>
        <UsersTable
          view={view}
          users={props.pending}
          caption={t('tgPendingHeading', { count: props.pending.length })}
        />
      </section>
      <section aria-labelledby="all-heading">
        <h2 id="all-heading">{t('tgAllHeading')}</h2>
        <form method="get" action="/admin/telegram" class="filters" role="search">
          <label for="status-filter">
            {t('tgStatus')}
            <select id="status-filter" name="status">
              <option value="" selected={status === null}>
                {t('tgAnyStatus')}
              </option>
              {TELEGRAM_STATUSES.map((s) => (
                <option value={s} selected={status === s}>
                  {statusLabel(view, s)}
                </option>
              ))}
            </select>
          </label>
          <button type="submit">{t('filterApply')}</button>
        </form>
        <UsersTable view={view} users={props.users} caption={t('tgAllHeading')} />
        <nav class="pager" aria-label={t('pagination')}>
          {offset > 0 ? (
            <a href={listHref(status, Math.max(0, offset - pageSize))}>{t('pagePrevious')}</a>
          ) : (
            <span />
          )}
          {props.hasNext ? <a href={listHref(status, offset + pageSize)}>{t('pageNext')}</a> : <span />}
        </nav>
      </section>
    </PageLayout>
  );
}
