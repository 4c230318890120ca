import { Step } from '../components/Step';
import type { ScreenProps } from './screen-props';

/** 好差评: five levels, from 非常不满意 to 非常满意, each a large face. */
const LEVELS = [1, 2, 3, 4, 5] as const;
const FACES: Record<(typeof LEVELS)[number], string> = { 1: '😣', 2: '🙁', 3: '😐', 4: '🙂', 5: '😄' };

export function RatingScreen(props: ScreenProps) {
  const { m, send } = props;
  const j = m.journey;
  return (
    <Step {...props} name="rating" title={j.ratingTitle} instruction={j.ratingInstruction} cancel={false}>
      <div className="rating" role="group" aria-label={j.ratingTitle}>
        {[...LEVELS].reverse().map((stars) => (
          <button key={stars} type="button" className="rating__level" data-stars={stars} onClick={() => send({ type: 'RATE', stars })}>
            <span className="rating__face" aria-hidden="true">
              {FACES[stars]}
            </span>
            <span>{j.stars[String(stars) as keyof typeof j.stars]}</span>
          </button>
        ))}
      </div>
    </Step>
  );
}
