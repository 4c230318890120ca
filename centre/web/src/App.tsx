/**
 * The shell around every page: the header (app name, the pages the role may open, the
 * language switch, who is signed in and sign-out), then the page the path names.
 * Staff pages first learn who is signed in; without a session they go to the login.
 */
import { Suspense, lazy, useEffect, useMemo, useState, type ComponentType } from 'react';
import { STAFF_PATHS, type StaffMe } from '../../../protocol/centre-staff';
import { api, ApiError, loginUrl, setApiSession } from './api';
import { LanguageContext, SHELL_TEXT, storeLanguage, storedLanguage, useT, type Language, type Text } from './i18n';
import { findPage, mayOpen, PAGES, type PageEntry, type PageProps } from './pages/registry';

type Staff = { state: 'loading' } | { state: 'public' } | { state: 'signed-in'; me: StaffMe } | { state: 'failed' };

export function App() {
  const [language, setLanguage] = useState<Language>(storedLanguage);
  const found = useMemo(() => findPage(location.pathname), []);
  const [staff, setStaff] = useState<Staff>(() => (found && found.page.roles === 'public' ? { state: 'public' } : { state: 'loading' }));

  useEffect(() => {
    document.documentElement.lang = language;
    storeLanguage(language);
  }, [language]);

  useEffect(() => {
    if (staff.state !== 'loading') return;
    api.get<StaffMe>(STAFF_PATHS.me).then(
      (me) => {
        setApiSession(me);
        setStaff({ state: 'signed-in', me });
      },
      (error: unknown) => {
        if (error instanceof ApiError && error.status === 401) location.assign(loginUrl());
        else setStaff({ state: 'failed' });
      },
    );
  }, [staff.state]);

  const me = staff.state === 'signed-in' ? staff.me : null;
  return (
    <LanguageContext.Provider value={language}>
      <Header me={me} language={language} onLanguage={setLanguage} />
      <main id="content" className="content">
        {staff.state === 'loading' ? <Notice text={SHELL_TEXT.loading} /> : staff.state === 'failed' ? <Notice text={SHELL_TEXT.loadFailed} alert /> : <PageView found={found} me={me} />}
      </main>
    </LanguageContext.Provider>
  );
}

function PageView({ found, me }: { found: ReturnType<typeof findPage>; me: StaffMe | null }) {
  const t = useT();
  const Page = useMemo(() => (found ? lazyPage(found.page) : undefined), [found]);
  useEffect(() => {
    document.title = `${found ? t(found.page.title) : t(SHELL_TEXT.notFound)} · ${t(SHELL_TEXT.appName)}`;
  });
  if (!found || !Page) return <Notice text={SHELL_TEXT.notFound} alert home />;
  if (!mayOpen(found.page, me)) return <Notice text={SHELL_TEXT.forbidden} alert home />;
  return (
    <Suspense fallback={<Notice text={SHELL_TEXT.loading} />}>
      <Page params={found.params} staff={me} />
    </Suspense>
  );
}

const lazyPages = new Map<PageEntry, ComponentType<PageProps>>();
function lazyPage(page: PageEntry): ComponentType<PageProps> {
  let component = lazyPages.get(page);
  if (!component) lazyPages.set(page, (component = lazy(page.load)));
  return component;
}

function Header({ me, language, onLanguage }: { me: StaffMe | null; language: Language; onLanguage(language: Language): void }) {
  const t = useT();
  const signOut = () => void api.post(STAFF_PATHS.logout).finally(() => location.assign('/login'));
  return (
    <header className="header">
      <a className="skip-link" href="#content">
        {t(SHELL_TEXT.skipToContent)}
      </a>
      <a className="header__name" href={me ? '/' : location.pathname}>
        {t(SHELL_TEXT.appName)}
      </a>
      {me && (
        <nav aria-label={t(SHELL_TEXT.navigation)} className="header__nav">
          <ul>
            {PAGES.filter((page) => page.nav && mayOpen(page, me)).map((page) => (
              <li key={String(page.path)}>
                <a href={String(page.path)} aria-current={location.pathname === page.path ? 'page' : undefined}>
                  {t(page.title)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      )}
      <div className="header__tools">
        <button type="button" className="button button--quiet" lang={language === 'zh-CN' ? 'en' : 'zh-CN'} aria-label={t(SHELL_TEXT.switchLanguageLabel)} onClick={() => onLanguage(language === 'zh-CN' ? 'en' : 'zh-CN')}>
          {t(SHELL_TEXT.switchLanguage)}
        </button>
        {me && (
          <>
            <span className="header__who" data-staff={me.name}>
              {t(SHELL_TEXT.signedInAs, { name: me.name, role: t(SHELL_TEXT.role[me.role]) })}
            </span>
            <button type="button" className="button button--quiet" onClick={signOut}>
              {t(SHELL_TEXT.signOut)}
            </button>
          </>
        )}
      </div>
    </header>
  );
}

export function Notice({ text, alert = false, home = false }: { text: Text; alert?: boolean; home?: boolean }) {
  const t = useT();
  return (
    <div className="notice" role={alert ? 'alert' : 'status'}>
      <p>{t(text)}</p>
      {home && <a href="/">{t(SHELL_TEXT.backHome)}</a>}
    </div>
  );
}
