import { Field } from '../components/form-field.tsx';
import { Outcome } from '../components/outcome.tsx';
import { PostForm } from '../components/post-form.tsx';
import type { FieldErrors } from '../forms/index.ts';
import type { SafeHtml } from '../jsx/jsx-runtime.ts';
import { PageLayout } from '../layout/page-layout.tsx';
import type { WebView } from '../web-view.ts';

export interface SignInPageProps {
  readonly view: WebView;
  readonly next: string;
  readonly username?: string;
  readonly notice?: { readonly kind: 'ok' | 'error'; readonly text: string } | undefined;
  readonly errors?: FieldErrors;
}

export function SignInPage(props: SignInPageProps): SafeHtml {
  const { view } = props;
  const { t } = view;
  return (
    <PageLayout view={view} title={t('signInTitle')}>
      {props.notice ? <Outcome kind={props.notice.kind} text={props.notice.text} /> : null}
      <PostForm view={view} action={`/admin/sign-in?next=${encodeURIComponent(props.next)}`}>
        <Field
          name="username"
          label={t('username')}
          value={props.username}
          errors={props.errors ?? {}}
          autocomplete="username"
          required
          maxlength={128}
        />
        <Field
          name="password"
          label={t('password')}
          type="password"
          errors={props.errors ?? {}}
          autocomplete="current-password"
          required
          maxlength={1024}
        />
        <button type="submit">{t('signIn')}</button>
      </PostForm>
    </PageLayout>
  );
}
