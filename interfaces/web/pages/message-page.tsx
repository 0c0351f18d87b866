import { Outcome } from '../components/outcome.tsx';
import type { SafeHtml } from '../jsx/jsx-runtime.ts';
import { PageLayout } from '../layout/page-layout.tsx';
import type { WebView } from '../web-view.ts';

/** A page that only says something: a refusal, an error, a missing page. */
export function MessagePage(props: {
  readonly view: WebView;
  readonly title: string;
  readonly text: string;
}): SafeHtml {
  return (
    <PageLayout view={props.view} title={props.title}>
      <Outcome kind="error" text={props.text} />
      <p>
        <a href="/admin">{props.view.t('navDashboard')}</a>
      </p>
    </PageLayout>
  );
}
