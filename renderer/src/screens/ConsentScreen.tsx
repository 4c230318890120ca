import { useState } from 'react';
import { Step } from '../components/Step';
import type { ScreenProps } from './screen-props';

/**
 * Two separate consents: reading the card for this registration, and (biometric data,
 * PIPL) the face check. Declining the face check is a real choice: the core sends the
 * applicant to a counter. Nothing is ticked in advance.
 */
export function ConsentScreen(props: ScreenProps) {
  const j = props.m.journey;
  const [general, setGeneral] = useState(false);
  const [face, setFace] = useState(false);
  return (
    <Step {...props} name="consent" title={j.consentTitle} instruction={j.consentInstruction}>
      <div className="consents">
        <Toggle checked={general} onChange={setGeneral} label={j.consentGeneral} name="general" />
        <Toggle checked={face} onChange={setFace} label={j.consentFace} name="face" />
        <p className="hint">{j.consentFaceHint}</p>
      </div>
      <button type="button" className="button button--primary button--wide" disabled={!general} onClick={() => props.send({ type: 'CONSENT', general, face })}>
        {props.m.continue}
      </button>
    </Step>
  );
}

function Toggle({ checked, onChange, label, name }: { checked: boolean; onChange(on: boolean): void; label: string; name: string }) {
  return (
    <label className={`consent${checked ? ' consent--checked' : ''}`} data-consent={name}>
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      <span>{label}</span>
    </label>
  );
}
