/**
 * The picture of what to do on each step: insert the card, look at the camera, turn
 * the head, open the mouth, take the licence. Plain inline SVG: no files to load.
 */
import type { LivenessAction } from '../../../face/settings';
import { Arrow, Head, Picture } from './Picture';

export function InsertCard() {
  return (
    <Picture name="insert-card">
      <rect x="30" y="100" width="140" height="44" rx="8" fill="var(--ink)" />
      <rect x="50" y="108" width="100" height="8" rx="4" fill="var(--paper)" />
      <g transform="rotate(-8 100 60)">
        <rect x="58" y="28" width="84" height="54" rx="6" fill="var(--paper)" stroke="var(--ink)" strokeWidth="4" />
        <circle cx="80" cy="52" r="10" fill="var(--brand)" />
        <rect x="96" y="44" width="36" height="5" fill="var(--ink)" />
        <rect x="96" y="56" width="28" height="5" fill="var(--ink)" />
      </g>
      <Arrow d="M165 20 v50 m-12 -12 l12 12 l12 -12" />
    </Picture>
  );
}

export function LookAtCamera() {
  return (
    <Picture name="look-at-camera">
      <rect x="82" y="4" width="36" height="16" rx="4" fill="var(--ink)" />
      <circle cx="100" cy="12" r="5" fill="var(--brand)" />
      <Head cy={90} />
    </Picture>
  );
}

export function TurnHead({ side }: { side: 'left' | 'right' }) {
  // The applicant's left is the picture's right: the kiosk shows them as in a mirror.
  const toRight = side === 'left';
  return (
    <Picture name={`turn-${side}`}>
      <Head cy={84} turn={toRight ? 1 : -1} />
      <Arrow d={toRight ? 'M150 40 q30 40 0 80 m0 0 l14 -2 m-14 2 l2 -14' : 'M50 40 q-30 40 0 80 m0 0 l-14 -2 m14 2 l-2 -14'} />
    </Picture>
  );
}

export function OpenMouth() {
  return (
    <Picture name="open-mouth">
      <Head cy={80} mouth={<ellipse cx="100" cy="106" rx="12" ry="10" fill="var(--ink)" />} />
      <Arrow d="M160 90 v30 m-10 -10 l10 10 l10 -10" />
    </Picture>
  );
}

export function TakeLicence() {
  return (
    <Picture name="take-licence">
      <rect x="24" y="40" width="152" height="64" rx="10" fill="var(--ink)" />
      <rect x="44" y="94" width="112" height="8" fill="var(--paper)" />
      <rect x="56" y="98" width="88" height="54" fill="var(--paper)" stroke="var(--ink)" strokeWidth="3" />
      <circle cx="126" cy="132" r="9" fill="none" stroke="var(--brand)" strokeWidth="3" />
      <rect x="66" y="110" width="44" height="5" fill="var(--ink)" />
      <Arrow d="M176 112 v36 m-10 -10 l10 10 l10 -10" />
    </Picture>
  );
}

export function LivenessPicture({ action }: { action: LivenessAction }) {
  if (action === 'mouth-open') return <OpenMouth />;
  return <TurnHead side={action === 'turn-left' ? 'left' : 'right'} />;
}
