import type { GroupView, ServerView } from '../../../../projections/monitoring/index.ts';
import { Field } from '../../components/form-field.tsx';
import { Outcome } from '../../components/outcome.tsx';
import { PostForm } from '../../components/post-form.tsx';
import type { FieldErrors } from '../../forms/index.ts';
import type { SafeHtml } from '../../jsx/jsx-runtime.ts';
import { PageLayout } from '../../layout/page-layout.tsx';
import type { WebView } from '../../web-view.ts';
import { CHECK_KINDS, type ServerFormValues } from './server-form.ts';

export interface ServersPageProps {
  readonly view: WebView;
  readonly servers: readonly ServerView[];
  readonly groups: readonly GroupView[];
  /** The user may add servers and groups (operators and admins). */
  readonly editable: boolean;
  readonly serverForm?: { readonly values: ServerFormValues; readonly errors: FieldErrors } | undefined;
  readonly groupForm?: { readonly name: string; readonly errors: FieldErrors } | undefined;
  readonly outcome?: { readonly kind: 'ok' | 'error'; readonly text: string } | undefined;
  /** Shown once, after a push check was added: what the watched system must send. */
  readonly pushTokens?: readonly { readonly checkId: string; readonly token: string }[];
}

const EMPTY: ServerFormValues = {
  name: '',
  host: '',
  groupId: '',
  kind: 'tcp',
  port: '',
  url: '',
  intervalSeconds: '',
};

function ErrorText({ id, errors }: { id: string; errors: readonly string[] | undefined }) {
  return errors && errors.length > 0 ? (
    <small id={id} class="field-error">
      {errors.join(' ')}
    </small>
  ) : null;
}

function Choice(props: {
  view: WebView;
  name: string;
  label: string;
  value: string;
  options: readonly (readonly [string, string])[];
  errors: FieldErrors;
}) {
  const id = `field-${props.name}`;
  const errors = props.errors[props.name];
  return (
    <label for={id}>
      {props.label}
      <select
        id={id}
        name={props.name}
        aria-invalid={errors ? 'true' : undefined}
        aria-describedby={errors ? `${id}-error` : undefined}
      >
        {props.options.map(([value, text]) => (
          <option value={value} selected={props.value === value}>
            {text}
          </option>
        ))}
      </select>
      <ErrorText id={`${id}-error`} errors={errors} />
    </label>
  );
}

function ServerForm({
  view,
  groups,
  form,
}: {
  view: WebView;
  groups: readonly GroupView[];
  form: ServersPageProps['serverForm'];
}) {
  const { t } = view;
  const values = form?.values ?? EMPTY;
  const errors = form?.errors ?? {};
  return (
    <PostForm view={view} action="/admin/servers" class="server-form">
      <fieldset>
        <legend>{t('srvAddHeading')}</legend>
        {Object.keys(errors).length > 0 ? <Outcome kind="error" text={t('formHasErrors')} /> : null}
        <div class="grid">
          <Field
            name="name"
            label={t('srvName')}
            value={values.name}
            errors={errors}
            required
            maxlength={100}
          />
          <Field
            name="host"
            label={t('srvHost')}
            value={values.host}
            errors={errors}
            required
            maxlength={253}
            hint={t('srvHostHint')}
          />
        </div>
        <div class="grid">
          <Choice
            view={view}
            name="groupId"
            label={t('srvGroup')}
            value={values.groupId}
            options={[['', t('srvNoGroup')], ...groups.map((g) => [g.groupId, g.name] as const)]}
            errors={errors}
          />
          <Choice
            view={view}
            name="kind"
            label={t('srvCheck')}
            value={values.kind}
            options={CHECK_KINDS.map((kind) => [kind, t(`srvKind_${kind}`)] as const)}
            errors={errors}
          />
        </div>
        <div class="grid">
          <Field
            name="port"
            label={t('srvPort')}
            value={values.port}
            errors={errors}
            type="number"
            hint={t('srvPortHint')}
          />
          <Field
            name="url"
            label={t('srvUrl')}
            value={values.url}
            errors={errors}
            maxlength={2000}
            hint={t('srvUrlHint')}
          />
          <Field
            name="intervalSeconds"
            label={t('srvInterval')}
            value={values.intervalSeconds}
            errors={errors}
            type="number"
            hint={t('srvIntervalHint')}
          />
        </div>
        <button type="submit">{t('srvAdd')}</button>
      </fieldset>
    </PostForm>
  );
}

function stateClass(state: string): string {
  if (state === 'up') return 'status-up';
  if (state === 'down') return 'status-down';
  return 'status-unknown';
}

function ServersTable({
  view,
  servers,
  groups,
}: {
  view: WebView;
  servers: readonly ServerView[];
  groups: readonly GroupView[];
}) {
  const { t } = view;
  const groupName = new Map(groups.map((g) => [g.groupId, g.name]));
  if (servers.length === 0) return <p class="muted">{t('nothingHere')}</p>;
  return (
    <div class="table-wrap">
      <table>
        <caption class="visually-hidden">{t('srvListHeading')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('srvName')}</th>
            <th scope="col">{t('srvHost')}</th>
            <th scope="col">{t('srvGroup')}</th>
            <th scope="col">{t('srvState')}</th>
            <th scope="col">{t('srvChecks')}</th>
          </tr>
        </thead>
        <tbody>
          {servers.map((server) => (
            <tr data-server={server.serverId}>
              <td>
                <a href={`/admin/audit/streams/${encodeURIComponent(`server-${server.serverId}`)}`}>
                  {server.name}
                </a>
              </td>
              <td>{server.host}</td>
              <td>{server.groupId ? (groupName.get(server.groupId) ?? '—') : '—'}</td>
              <td class={stateClass(server.state)}>
                {server.status === 'paused' ? t('srvPaused') : server.state}
              </td>
              <td>{server.checks.map((check) => check.definition.kind).join(', ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function GroupsSection({
  view,
  groups,
  editable,
  form,
}: Pick<ServersPageProps, 'view' | 'groups' | 'editable' | 'groupForm'> & {
  form: ServersPageProps['groupForm'];
}) {
  const { t } = view;
  const errors = form?.errors ?? {};
  return (
    <section aria-labelledby="groups-heading">
      <h2 id="groups-heading">{t('srvGroupsHeading')}</h2>
      {groups.length === 0 ? (
        <p class="muted">{t('nothingHere')}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <caption class="visually-hidden">{t('srvGroupsHeading')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('srvGroupName')}</th>
                <th scope="col">{t('srvGroupServers')}</th>
                <th scope="col">{t('srvGroupDown')}</th>
              </tr>
            </thead>
            <tbody>
              {groups.map((group) => (
                <tr data-group={group.groupId}>
                  <td>{group.name}</td>
                  <td>{String(group.servers)}</td>
                  <td class={group.down ? 'status-down' : undefined}>{String(group.serversDown)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {editable ? (
        <PostForm view={view} action="/admin/servers/groups">
          <fieldset role="group">
            <Field
              name="groupName"
              label={t('srvAddGroup')}
              value={form?.name}
              errors={errors}
              required
              maxlength={100}
            />
            <button type="submit">{t('srvAddGroupButton')}</button>
          </fieldset>
        </PostForm>
      ) : null}
    </section>
  );
}

/** The watched servers with their state, the groups, and (for operators and admins) the forms to add them. */
export function ServersPage(props: ServersPageProps): SafeHtml {
  const { view } = props;
  const { t } = view;
  return (
    <PageLayout view={view} title={t('srvTitle')}>
      {props.outcome ? <Outcome kind={props.outcome.kind} text={props.outcome.text} /> : null}
      {props.pushTokens && props.pushTokens.length > 0 ? (
        <article>
          <p>{t('srvPushTokens')}</p>
          {props.pushTokens.map((token) => (
            <pre>
              <code>{token.token}</code>
            </pre>
          ))}
        </article>
      ) : null}
      {props.editable ? <ServerForm view={view} groups={props.groups} form={props.serverForm} /> : null}
      <section aria-labelledby="servers-heading">
        <h2 id="servers-heading">{t('srvListHeading')}</h2>
        <ServersTable view={view} servers={props.servers} groups={props.groups} />
      </section>
      <GroupsSection
        view={view}
        groups={props.groups}
        editable={props.editable}
        groupForm={props.groupForm}
        form={props.groupForm}
      />
    </PageLayout>
  );
}
