/**
 * A handwriting pad for applicants who do not use pinyin: one character is written with a
 * finger in the box, the closest characters appear in the candidate bar after every
 * stroke, and a tap on one hands it to `onPick` and clears the pad for the next.
 * Recognition is offline (recognise.ts, templates from the app's own files).
 */
import { useEffect, useMemo, useRef, useState, type PointerEvent } from 'react';
import type { Language } from '../../contract';
import { messages } from '../../i18n';
import type { Point } from './geometry';
import { loadRecogniser } from './load-recogniser';
import type { HandwritingRecogniser } from './recognise';
import './handwriting-pad.css';

const CANDIDATES = 8;
/** The pad's side in CSS pixels, and the ink's width. */
const SIZE = { normal: { side: 320, ink: 9 }, elder: { side: 440, ink: 12 } };

export interface HandwritingPadProps {
  onPick(text: string): void;
  /** Larger pad, ink and buttons. */
  elder?: boolean;
  /** Labels' language; by default the page's (App sets it from the session). */
  language?: Language;
}

type Loaded = { state: 'loading' } | { state: 'ready'; recogniser: HandwritingRecogniser } | { state: 'failed' };

export function HandwritingPad({ onPick, elder = false, language = pageLanguage() }: HandwritingPadProps) {
  const m = messages(language).handwriting;
  const { side, ink } = elder ? SIZE.elder : SIZE.normal;
  const canvas = useRef<HTMLCanvasElement>(null);
  const drawing = useRef<Point[] | null>(null);
  const [strokes, setStrokes] = useState<Point[][]>([]);
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });

  useEffect(() => {
    let live = true;
    loadRecogniser().then(
      (recogniser) => live && setLoaded({ state: 'ready', recogniser }),
      () => live && setLoaded({ state: 'failed' }),
    );
    return () => {
      live = false;
    };
  }, []);

  const candidates = useMemo(
    () => (loaded.state === 'ready' && strokes.length > 0 ? loaded.recogniser.recognise(strokes, CANDIDATES).map((c) => c.char) : []),
    [loaded, strokes],
  );

  useEffect(() => redraw(canvas.current, strokes, drawing.current, side, ink), [strokes, side, ink]);

  const at = (event: PointerEvent<HTMLCanvasElement>): Point => {
    const box = event.currentTarget.getBoundingClientRect();
    return [event.clientX - box.left, event.clientY - box.top];
  };
  const down = (event: PointerEvent<HTMLCanvasElement>) => {
    event.currentTarget.setPointerCapture(event.pointerId);
    drawing.current = [at(event)];
    redraw(canvas.current, strokes, drawing.current, side, ink);
  };
  const move = (event: PointerEvent<HTMLCanvasElement>) => {
    if (!drawing.current) return;
    drawing.current.push(at(event));
    redraw(canvas.current, strokes, drawing.current, side, ink);
  };
  const up = () => {
    const stroke = drawing.current;
    drawing.current = null;
    if (stroke) setStrokes((done) => [...done, stroke]);
  };
  const pick = (char: string) => {
    setStrokes([]);
    onPick(char);
  };

  return (
    <div className={`handwriting${elder ? ' handwriting--elder' : ''}`} role="group" aria-label={m.pad}>
      <p className="hint">{m.instruction}</p>
      <canvas
        ref={canvas}
        className="handwriting__canvas"
        data-handwriting-canvas
        width={side * devicePixelRatio}
        height={side * devicePixelRatio}
        style={{ width: side, height: side }}
        aria-label={m.pad}
        onPointerDown={down}
        onPointerMove={move}
        onPointerUp={up}
        onPointerCancel={up}
      />
      <div className="handwriting__candidates" role="group" aria-label={m.candidates} aria-live="polite">
        {loaded.state === 'loading' && <span className="hint">{m.loading}</span>}
        {loaded.state === 'failed' && <span className="handwriting__error">{m.unavailable}</span>}
        {loaded.state === 'ready' && candidates.length === 0 && <span className="hint">{m.noCandidates}</span>}
        {candidates.map((char) => (
          <button key={char} type="button" className="handwriting__candidate" data-candidate={char} onClick={() => pick(char)}>
            {char}
          </button>
        ))}
      </div>
      <div className="handwriting__actions">
        <button type="button" className="button" data-handwriting-action="undo" disabled={strokes.length === 0} onClick={() => setStrokes((done) => done.slice(0, -1))}>
          {m.undoStroke}
        </button>
        <button type="button" className="button" data-handwriting-action="clear" disabled={strokes.length === 0} onClick={() => setStrokes([])}>
          {m.clear}
        </button>
      </div>
    </div>
  );
}

function pageLanguage(): Language {
  return document.documentElement.lang === 'en' ? 'en' : 'zh-CN';
}

/** A 田字格 guide, the finished strokes and the one being written. */
function redraw(canvas: HTMLCanvasElement | null, strokes: readonly Point[][], current: readonly Point[] | null, side: number, ink: number) {
  const g = canvas?.getContext('2d');
  if (!canvas || !g) return;
  g.setTransform(canvas.width / side, 0, 0, canvas.height / side, 0, 0);
  g.clearRect(0, 0, side, side);
  g.strokeStyle = '#d8cfbd';
  g.lineWidth = 1;
  g.setLineDash([8, 8]);
  g.beginPath();
  g.moveTo(side / 2, 0);
  g.lineTo(side / 2, side);
  g.moveTo(0, side / 2);
  g.lineTo(side, side / 2);
  g.stroke();
  g.setLineDash([]);
  g.strokeStyle = '#111';
  g.lineWidth = ink;
  g.lineCap = 'round';
  g.lineJoin = 'round';
  for (const stroke of current ? [...strokes, current] : strokes) {
    const [first, ...rest] = stroke;
    if (!first) continue;
    g.beginPath();
    g.moveTo(first[0], first[1]);
    for (const [x, y] of rest.length ? rest : [first]) g.lineTo(x, y);
    g.stroke();
  }
}
