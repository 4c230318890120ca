import type { Language } from '../contract';
import type { Messages } from '../i18n';

const LANGUAGES: ReadonlyArray<{ code: Language; label: string }> = [
  { code: 'zh-CN', label: '中文' },
  { code: 'en', label: 'English' },
];

export function WelcomeScreen(props: { m: Messages; language: Language; onLanguage(language: Language): void; onBack(): void }) {
  const { m } = props;
  return (
    <main className="screen screen--welcome" data-screen="welcome">
      <h1>{m.welcomeTitle}</h1>
      <p className="instruction">{m.welcomeHint}</p>
      <div className="choices" role="group" aria-label={m.welcomeHint}>
        {LANGUAGES.map(({ code, label }) => (
          <button
            key={code}
            type="button"
            lang={code}
            className={`button button--choice${props.language === code ? ' button--selected' : ''}`}
            aria-pressed={props.language === code}
            onClick={() => props.onLanguage(code)}
          >
            {label}
          </button>
        ))}
      </div>
      <button type="button" className="button button--secondary" onClick={props.onBack}>
        {m.back}
      </button>
    </main>
  );
}
