import type { DeviceStatusView } from '../contract';
import { DeviceStatusPanel } from '../components/DeviceStatusPanel';
import type { Messages } from '../i18n';

export function AttractScreen(props: { m: Messages; devices: DeviceStatusView[]; onStart(): void; onToggleLanguage(): void }) {
  const { m } = props;
  return (
    <main className="screen screen--attract" data-screen="attract">
      <header className="attract__header">
        <img className="emblem" src="./emblem.svg" alt="" width={96} height={96} />
        <div>
          <h1>{m.title}</h1>
          <p className="subtitle">{m.subtitle}</p>
        </div>
        <button type="button" className="button button--quiet" onClick={props.onToggleLanguage} lang={m.otherLanguage === 'English' ? 'en' : 'zh-CN'}>
          {m.otherLanguage}
        </button>
      </header>
      <button type="button" className="touch-to-start" onClick={props.onStart}>
        <span className="touch-to-start__label">{m.touchToStart}</span>
        <span className="touch-to-start__hint">{m.attractHint}</span>
      </button>
      <DeviceStatusPanel devices={props.devices} m={m} />
    </main>
  );
}
