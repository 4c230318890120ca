import type { ReactNode } from 'react';

/** A step's picture: decorative next to its instruction text, so hidden from screen readers. */
export function Picture({ name, children }: { name: string; children: ReactNode }) {
  return (
    <svg className="picture" data-picture={name} viewBox="0 0 200 160" width="200" height="160" aria-hidden="true" focusable="false">
      {children}
    </svg>
  );
}

/** A head seen from the front, centred at (cx, cy); `mouth` draws the mouth. */
export function Head({ cx = 100, cy = 80, turn = 0, mouth }: { cx?: number; cy?: number; turn?: number; mouth?: ReactNode }) {
  // `turn` shifts the eyes and nose sideways: -1 looks to the picture's left, 1 to its right.
  const dx = turn * 12;
  return (
    <g>
      <ellipse cx={cx} cy={cy} rx="38" ry="48" fill="var(--skin)" stroke="var(--ink)" strokeWidth="4" />
      <circle cx={cx - 14 + dx} cy={cy - 10} r="5" fill="var(--ink)" />
      <circle cx={cx + 14 + dx} cy={cy - 10} r="5" fill="var(--ink)" />
      <path d={`M${cx + dx} ${cy - 4} l${-4 + turn * 6} 14 h8`} fill="none" stroke="var(--ink)" strokeWidth="3" strokeLinecap="round" />
      {mouth ?? <path d={`M${cx - 12 + dx} ${cy + 24} q12 8 24 0`} fill="none" stroke="var(--ink)" strokeWidth="4" strokeLinecap="round" />}
    </g>
  );
}

export function Arrow({ d }: { d: string }) {
  return <path d={d} fill="none" stroke="var(--brand)" strokeWidth="8" strokeLinecap="round" strokeLinejoin="round" />;
}
