import { ProblemNotice } from '../components/ProblemNotice';
import { Step } from '../components/Step';
import { TakeLicence } from '../illustrations';
import type { ScreenProps } from './screen-props';

/** One row per print job with its progress; a waiting job says why and what happens next. */
export function PrintingScreen(props: ScreenProps) {
  const { session, m } = props;
  const j = m.journey;
  // The core also raises a waiting job's problem for the whole step: say it once, beside its job.
  const saidByAJob = session.printing.some((job) => job.problem !== null && job.problem.code === session.problem?.code);
  return (
    <Step {...props} session={saidByAJob ? { ...session, problem: null } : session} name="printing" title={j.printingTitle} instruction={j.printingInstruction} picture={<TakeLicence />} cancel={false}>
      <ul className="jobs">
        {session.printing.map((job) => (
          <li key={job.id} className={`job job--${job.state}`} data-job={job.document} data-state={job.state}>
            <span className="job__document">{j.document[job.document]}</span>
            <span className="job__printer">{j.printer[job.printer]}</span>
            <span className="job__state">{j.jobState[job.state]}</span>
            <ProblemNotice problem={job.problem} language={session.language} />
          </li>
        ))}
      </ul>
    </Step>
  );
}
