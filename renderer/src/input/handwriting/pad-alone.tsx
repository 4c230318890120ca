// The handwriting pad alone on a page, for its e2e test and for trying it by hand; not part
// of the kiosk's build (test/support/handwriting-pad-page.ts bundles it). What the pad hands
// to onPick is appended to a line of text. `?elder` for the large pad, `?lang=en`.
import { useState } from 'react';
import { createRoot } from 'react-dom/client';
import { HandwritingPad } from './HandwritingPad';
import '../../styles.css';

const query = new URLSearchParams(location.search);
document.documentElement.lang = query.get('lang') === 'en' ? 'en' : 'zh-CN';

function PadPage() {
  const [text, setText] = useState('');
  return (
    <main style={{ padding: 24 }}>
      <p data-picked-text={text}>{text || '—'}</p>
      <HandwritingPad elder={query.has('elder')} onPick={(char) => setText((before) => before + char)} />
    </main>
  );
}

createRoot(document.getElementById('root') as HTMLElement).render(<PadPage />);
