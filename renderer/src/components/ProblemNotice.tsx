import type { Language, SessionSnapshot } from '../contract';
import { localized } from '../i18n';

type Problem = NonNullable<SessionSnapshot['problem']>;

/** A problem in plain words with the way forward, announced to screen readers as it appears. */
export function ProblemNotice({ problem, language }: { problem: Problem | null; language: Language }) {
  if (!problem) return null;
  return (
    <p className="problem" role="alert" data-problem={problem.code}>
      <span className="problem__mark" aria-hidden="true">
        !
      </span>
      {localized(problem.message, language)}
    </p>
  );
}
