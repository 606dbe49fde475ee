// Routes: the public pages (display board, citizen pages, the window's 评价器) for anyone; otherwise
// the login page for nobody, or the shell with the pages the person's roles open.
import { lazy, Suspense } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router-dom';
import { t } from './i18n/index.js';
import { DictionaryPage } from './dictionary/DictionaryPage.js';
import { pagesFor, PAGES, type Page } from './nav.js';
import { LoginPage } from './pages/LoginPage.js';
import { Message } from './pages/Message.js';
import { PlaceholderPage } from './pages/PlaceholderPage.js';
import { BoardPage } from './public/BoardPage.js';
import { ComplaintPage } from './public/ComplaintPage.js';
import { LookupPage } from './public/LookupPage.js';
import { RatePage } from './public/RatePage.js';
import { WindowRatingPage } from './public/WindowRatingPage.js';
import { SessionProvider, useSession } from './session.js';
import { Shell } from './shell/Shell.js';
import { SupervisionPage, supervisionRoutes } from './supervision/routes.js';

// bpmn-js is large: only designers load it.
const ModelerPage = lazy(() => import('./modeler/ModelerPage.js').then((m) => ({ default: m.ModelerPage })));
const TasksPage = lazy(() => import('./tasks/TasksPage.js').then((m) => ({ default: m.TasksPage })));
const GuidePage = lazy(() => import('./desk/GuidePage.js').then((m) => ({ default: m.GuidePage })));
// form-js's editor is large too: only the form designer loads it.
const FormsPage = lazy(() => import('./forms/FormsPage.js').then((m) => ({ default: m.FormsPage })));
const IntakePage = lazy(() => import('./desk/IntakePage.js').then((m) => ({ default: m.IntakePage })));

export function App() {
  return (
    <SessionProvider>
      <BrowserRouter>
        <Routes>
          <Route path="/board" element={<BoardPage />} />
          <Route path="/r/:token" element={<RatePage />} />
          <Route path="/lookup" element={<LookupPage />} />
          <Route path="/complaint" element={<ComplaintPage />} />
          <Route path="/rate-window" element={<WindowRatingPage />} />
          <Route path="*" element={<Root />} />
        </Routes>
      </BrowserRouter>
    </SessionProvider>
  );
}

function Root() {
  const { state, retry } = useSession();
  if (state.kind === 'loading') return <Message text={t.loading} />;
  if (state.kind === 'failed')
    return (
      <Message text={`${t.shell.meFailed}：${state.message}`}>
        <button type="button" onClick={retry}>
          ↻
        </button>
      </Message>
    );
  if (state.kind === 'signed-out') return <LoginPage />;
  const mine = pagesFor(state.staff.roles);
  const start = mine[0];
  return (
    <Shell pages={mine}>
      <Routes>
        <Route path="/" element={start ? <Navigate to={start.path} replace /> : <Message text={t.pages.noPages} />} />
        {PAGES.map((page) => (
          <Route key={page.path} path={`${page.path}/*`} element={mine.includes(page) ? pageElement(page) : <Message text={t.pages.forbidden} />} />
        ))}
        {supervisionRoutes(mine.some((p) => p.path === '/supervision'))}
        <Route path="*" element={<Message text={t.pages.notFound} />} />
      </Routes>
    </Shell>
  );
}

function pageElement(page: Page) {
  if (page.path === '/designer')
    return (
      <Suspense fallback={<Message text={t.loading} />}>
        <ModelerPage />
      </Suspense>
    );
  if (page.path === '/tasks')
    return (
      <Suspense fallback={<Message text={t.loading} />}>
        <TasksPage />
      </Suspense>
    );
  if (page.path === '/dictionary') return <DictionaryPage />;
  if (page.path === '/forms')
    return (
      <Suspense fallback={<Message text={t.loading} />}>
        <FormsPage />
      </Suspense>
    );
  if (page.path === '/guide')
    return (
      <Suspense fallback={<Message text={t.loading} />}>
        <GuidePage />
      </Suspense>
    );
  if (page.path === '/intake')
    return (
      <Suspense fallback={<Message text={t.loading} />}>
        <IntakePage />
      </Suspense>
    );
  if (page.path === '/supervision') return <SupervisionPage />;
  return <PlaceholderPage title={t.nav[page.label]} />;
}
