import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { connectToKiosk, NoKioskHostError } from './bridge/connect';
import { messages } from './i18n';
import { installNavigationGuard } from './navigation-guard';
import './styles.css';

const root = createRoot(document.getElementById('root') as HTMLElement);
const m = messages('zh-CN');

function notice(text: string) {
  root.render(
    <main className="screen screen--notice" data-screen="notice">
      <p className="status-line" role="alert">
        {text}
      </p>
    </main>,
  );
}

connectToKiosk()
  .then((connection) => {
    // After connecting: by then the launch token is out of the URL, so no history entry holds it.
    installNavigationGuard();
    connection.onDisconnect(() => notice(m.connectionLost));
    root.render(
      <StrictMode>
        <App bridge={connection.bridge} />
      </StrictMode>,
    );
  })
  .catch((error: unknown) => notice(error instanceof NoKioskHostError ? m.noHost : m.connectionLost));
