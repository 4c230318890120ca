import { Step } from '../components/Step';
import type { ScreenProps } from './screen-props';

export function DecidingScreen(props: ScreenProps) {
  const j = props.m.journey;
  return (
    <Step {...props} name="deciding" title={j.decidingTitle} instruction={j.decidingInstruction} cancel={false}>
      <div className="spinner" role="progressbar" aria-label={j.decidingTitle} />
    </Step>
  );
}
