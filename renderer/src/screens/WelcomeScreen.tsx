import type { Language } from '../contract';
import type { ScreenProps } from './screen-props';

const LANGUAGES: ReadonlyArray<{ code: Language; label: string }> = [
  { code: 'zh-CN', label: '中文' },
  { code: 'en', label: 'English' },
];

/** Language, large text, and the service: registration or deregistration. */
export function WelcomeScreen({ session, m, send }: ScreenProps) {
  const j = m.journey;
  return (
    <main className="screen screen--welcome" data-screen="welcome">
      <h1>{m.welcomeTitle}</h1>
      <div className="welcome__settings">
        <div className="choices choices--compact" role="group" aria-label={m.welcomeHint}>
          {LANGUAGES.map(({ code, label }) => (
            <button
              key={code}
              type="button"
              lang={code}
              className={`button${session.language === code ? ' button--selected' : ''}`}
              aria-pressed={session.language === code}
              onClick={() => send({ type: 'SET_LANGUAGE', language: code })}
            >
              {label}
            </button>
          ))}
        </div>
        <button
          type="button"
          className={`button${session.largeText ? ' button--selected' : ''}`}
          aria-pressed={session.largeText}
          data-large-text-toggle
          onClick={() => send({ type: 'SET_LARGE_TEXT', on: !session.largeText })}
        >
          <span className="large-a" aria-hidden="true">
            A
          </span>{' '}
          {j.largeText}
        </button>
      </div>
      <p className="instruction">{j.chooseService}</p>
      <div className="choices">
        <button type="button" className="button button--choice button--primary" onClick={() => send({ type: 'CHOOSE_SERVICE', service: 'registration' })}>
          <span>{j.serviceRegistration}</span>
          <small>{j.serviceRegistrationHint}</small>
        </button>
        <button type="button" className="button button--choice" onClick={() => send({ type: 'CHOOSE_SERVICE', service: 'deregistration' })}>
          <span>{j.serviceDeregistration}</span>
          <small>{j.serviceDeregistrationHint}</small>
        </button>
      </div>
      <button type="button" className="button button--secondary" onClick={() => send({ type: 'CANCEL' })}>
        {m.back}
      </button>
    </main>
  );
}
