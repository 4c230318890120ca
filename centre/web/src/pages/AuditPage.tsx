/** /audit: the latest staff actions (sign-ins and failures, locks, pages opened, every change), newest first. */
import { useEffect, useState } from 'react';
import { AUDIT_LOG_PATHS, type AuditEntry } from '../../../../protocol/centre-staff';
import { api } from '../api';
import { useLanguage, useT, type Text } from '../i18n';

const TEXT = {
  heading: { 'zh-CN': '操作审计', en: 'Audit log' },
  caption: { 'zh-CN': '最近 {count} 条工作人员操作，最新的在前', en: 'The latest {count} staff actions, newest first' },
  at: { 'zh-CN': '时间', en: 'Time' },
  who: { 'zh-CN': '工作人员', en: 'Staff' },
  action: { 'zh-CN': '操作', en: 'Action' },
  detail: { 'zh-CN': '详情', en: 'Detail' },
  from: { 'zh-CN': '来源地址', en: 'From' },
  loading: { 'zh-CN': '正在加载…', en: 'Loading…' },
} satisfies Record<string, Text>;

const ACTIONS: Record<string, Text> = {
  login: { 'zh-CN': '登录', en: 'signed in' },
  'login-failed': { 'zh-CN': '登录失败', en: 'sign-in failed' },
  'account-locked': { 'zh-CN': '账号被锁定', en: 'account locked' },
  'login-while-locked': { 'zh-CN': '锁定期间尝试登录', en: 'sign-in while locked' },
  page: { 'zh-CN': '打开页面', en: 'opened a page' },
  'staff-add': { 'zh-CN': '新建账号', en: 'account created' },
  'staff-unlock': { 'zh-CN': '解除锁定', en: 'account unlocked' },
  'role-forbidden': { 'zh-CN': '越权访问被拒绝', en: 'refused: not for this role' },
  'csrf-refused': { 'zh-CN': '来源无法确认的操作被拒绝', en: 'refused: change without CSRF token' },
};

/** A known action in words; a change (`POST /api/…`) as it is. */
function actionText(action: string, t: (text: Text) => string): string {
  const known = ACTIONS[action];
  return known ? t(known) : action;
}

export default function AuditPage() {
  const t = useT();
  const language = useLanguage();
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  useEffect(() => void api.get<AuditEntry[]>(AUDIT_LOG_PATHS.api).then(setEntries), []);
  const time = new Intl.DateTimeFormat(language, { dateStyle: 'short', timeStyle: 'medium', timeZone: 'Asia/Shanghai' });
  return (
    <section className="panel" aria-labelledby="audit-heading">
      <h1 id="audit-heading">{t(TEXT.heading)}</h1>
      {entries === null ? (
        <p role="status">{t(TEXT.loading)}</p>
      ) : (
        <div className="table-scroll">
          <table className="table">
            <caption>{t(TEXT.caption, { count: entries.length })}</caption>
            <thead>
              <tr>
                {[TEXT.at, TEXT.who, TEXT.action, TEXT.detail, TEXT.from].map((heading) => (
                  <th key={heading.en} scope="col">
                    {t(heading)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {entries.map((entry, index) => (
                <tr key={index} data-action={entry.action}>
                  <td>{time.format(new Date(entry.at))}</td>
                  <td>{entry.staffName ?? '—'}</td>
                  <td>{actionText(entry.action, t)}</td>
                  <td>{Object.keys(entry.detail).length ? Object.entries(entry.detail).map(([key, value]) => `${key}: ${String(value)}`).join(', ') : ''}</td>
                  <td>{entry.remote ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
