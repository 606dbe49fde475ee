// The supervision pages' routes, for App.tsx: /supervision (总览), /supervision/stuck (卡件清单)
// and /supervision/cases/:caseNo (the case page). The case page carries bpmn-js, so it loads on
// first use only, like the modeler.
import { lazy, Suspense, type ReactElement } from 'react';
import { Route } from 'react-router-dom';
import { t } from '../i18n/index.js';
import { Message } from '../pages/Message.js';
import { Dashboard } from './Dashboard.js';
import { StuckList } from './StuckList.js';
import './supervision.css';

const CasePage = lazy(() => import('./CasePage.js').then((m) => ({ default: m.CasePage })));

/** The page at /supervision itself. */
export function SupervisionPage() {
  return <Dashboard />;
}

/** The sub-routes; `allowed` false shows the "no access" message on each. */
export function supervisionRoutes(allowed: boolean): ReactElement[] {
  const guard = (element: ReactElement): ReactElement => (allowed ? element : <Message text={t.pages.forbidden} />);
  return [
    <Route key="sv-stuck" path="/supervision/stuck" element={guard(<StuckList />)} />,
    <Route
      key="sv-case"
      path="/supervision/cases/:caseNo"
      element={guard(
        <Suspense fallback={<Message text={t.loading} />}>
          <CasePage />
        </Suspense>,
      )}
    />,
  ];
}
