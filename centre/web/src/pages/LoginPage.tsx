/** /login: name and password; on success back to the page asked for (only a path of this site). */
import { useState, type FormEvent } from 'react';
import { STAFF_PATHS, type StaffMe } from '../../../../protocol/centre-staff';
import { api, ApiError } from '../api';
import { useT, type Text } from '../i18n';

const TEXT = {
  heading: { 'zh-CN': '工作人员登录', en: 'Staff sign-in' },
  name: { 'zh-CN': '用户名', en: 'Name' },
  password: { 'zh-CN': '密码', en: 'Password' },
  submit: { 'zh-CN': '登录', en: 'Sign in' },
  working: { 'zh-CN': '正在登录…', en: 'Signing in…' },
  hint: { 'zh-CN': '连续 5 次密码错误，账号将锁定 15 分钟。', en: 'Five wrong passwords in a row lock the account for 15 minutes.' },
} satisfies Record<string, Text>;

/** Only a path on this site, never another site (an open redirect). */
export function safeNext(search: string): string {
  const next = new URLSearchParams(search).get('next') ?? '/';
  return next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}

export default function LoginPage() {
  const t = useT();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [working, setWorking] = useState(false);
  const [problem, setProblem] = useState<Text | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setWorking(true);
    setProblem(null);
    try {
      await api.post<StaffMe>(STAFF_PATHS.login, { name: name.trim(), password });
      location.assign(safeNext(location.search));
    } catch (error) {
      setProblem(error instanceof ApiError ? error.text : { 'zh-CN': '无法连接登记中心', en: 'The centre cannot be reached' });
      setPassword('');
      setWorking(false);
    }
  }

  return (
    <section className="panel panel--narrow" aria-labelledby="login-heading">
      <h1 id="login-heading">{t(TEXT.heading)}</h1>
      <form className="form" onSubmit={(event) => void submit(event)}>
        <label className="field">
          <span>{t(TEXT.name)}</span>
          <input name="name" autoComplete="username" required value={name} onChange={(event) => setName(event.target.value)} />
        </label>
        <label className="field">
          <span>{t(TEXT.password)}</span>
          <input name="password" type="password" autoComplete="current-password" required value={password} onChange={(event) => setPassword(event.target.value)} />
        </label>
        {problem && (
          <p className="problem" role="alert" data-problem>
            {t(problem)}
          </p>
        )}
        <button type="submit" className="button button--primary" disabled={working}>
          {t(working ? TEXT.working : TEXT.submit)}
        </button>
      </form>
      <p className="hint">{t(TEXT.hint)}</p>
    </section>
  );
}
