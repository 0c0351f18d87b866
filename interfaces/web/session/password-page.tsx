import { MIN_PASSWORD_LENGTH } from '../../../application/users/index.ts';
import { Field } from '../components/form-field.tsx';
import { Outcome } from '../components/outcome.tsx';
import { PostForm } from '../components/post-form.tsx';
import type { FieldErrors } from '../forms/index.ts';
import type { SafeHtml } from '../jsx/jsx-runtime.ts';
import { PageLayout } from '../layout/page-layout.tsx';
import type { WebView } from '../web-view.ts';

export function PasswordPage(props: { readonly view: WebView; readonly errors?: FieldErrors }): SafeHtml {
  const { view } = props;
  const { t } = view;
  const errors = props.errors ?? {};
  return (
    <PageLayout view={view} title={t('passwordTitle')}>
      {Object.keys(errors).length > 0 ? <Outcome kind="error" text={t('formHasErrors')} /> : null}
      <PostForm view={view} action="/admin/password">
        <Field
          name="currentPassword"
          label={t('currentPassword')}
          type="password"
          errors={errors}
          autocomplete="current-password"
          required
        />
        <Field
          name="newPassword"
          label={t('newPassword')}
          type="password"
          errors={errors}
          hint={t('newPasswordHint', { min: MIN_PASSWORD_LENGTH })}
          autocomplete="new-password"
          required
        />
        <button type="submit">{t('savePassword')}</button>
      </PostForm>
    </PageLayout>
  );
}
