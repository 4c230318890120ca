/** /: the pages this staff member's role may open. */
import { useT, type Text } from '../i18n';
import { mayOpen, PAGES, type PageProps } from './registry';

const TEXT = {
  heading: { 'zh-CN': '欢迎，{name}', en: 'Welcome, {name}' },
  pages: { 'zh-CN': '您可以打开的页面', en: 'Pages you may open' },
  none: { 'zh-CN': '您的岗位暂无可用页面', en: 'There is no page for your role yet' },
} satisfies Record<string, Text>;

export default function HomePage({ staff }: PageProps) {
  const t = useT();
  const pages = PAGES.filter((page) => page.nav && mayOpen(page, staff));
  return (
    <section className="panel" aria-labelledby="home-heading">
      <h1 id="home-heading">{t(TEXT.heading, { name: staff?.name ?? '' })}</h1>
      <h2>{t(TEXT.pages)}</h2>
      {pages.length === 0 ? (
        <p>{t(TEXT.none)}</p>
      ) : (
        <ul className="page-list">
          {pages.map((page) => (
            <li key={String(page.path)}>
              <a href={String(page.path)}>{t(page.title)}</a>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
