/**
 * The frame of every journey step: one title, one instruction with its picture, the
 * step's problem (if any), the step's own controls, and the ways out (back, end).
 */
import type { ReactNode } from 'react';
import type { JourneyStepName, ScreenProps } from '../screens/screen-props';
import { ProblemNotice } from './ProblemNotice';

export interface StepProps extends ScreenProps {
  name: JourneyStepName;
  title: string;
  instruction: string;
  picture?: ReactNode;
  /** Offer "back" (the core decides where back leads). */
  back?: boolean;
  /** Offer "end session"; steps that end the session anyway (done, rating) leave it out. */
  cancel?: boolean;
  children?: ReactNode;
}

export function Step({ name, title, instruction, picture, back = false, cancel = true, children, session, m, send }: StepProps) {
  return (
    <main className={`screen screen--step screen--${name}`} data-screen={name}>
      <header className="step__header">
        <h1>{title}</h1>
      </header>
      <div className="step__lead">
        {picture ? <figure className="step__picture">{picture}</figure> : null}
        <p className="instruction" data-instruction>
          {instruction}
        </p>
      </div>
      <ProblemNotice problem={session.problem} language={session.language} />
      <div className="step__body">{children}</div>
      {back || cancel ? (
        <footer className="step__footer">
          {back ? (
            <button type="button" className="button" onClick={() => send({ type: 'BACK' })}>
              {m.journey.backStep}
            </button>
          ) : null}
          {cancel ? (
            <button type="button" className="button button--quiet" onClick={() => send({ type: 'CANCEL' })}>
              {m.journey.cancel}
            </button>
          ) : null}
        </footer>
      ) : null}
    </main>
  );
}
