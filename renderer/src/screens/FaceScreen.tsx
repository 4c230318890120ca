import { QUALITY_REASONS, type QualityReason } from '../../../face/quality-gates';
import { Step } from '../components/Step';
import { useSecondsLeft } from '../components/use-countdown';
import { format, type Messages } from '../i18n';
import { LivenessPicture, LookAtCamera } from '../illustrations';
import { faceInstruction } from '../face/quality-messages';
import { useFaceFrames } from '../face/use-face-frames';
import type { Language, SessionSnapshot } from '../contract';
import type { BridgedScreenProps } from './screen-props';

type FaceView = NonNullable<SessionSnapshot['face']>;

function isQualityReason(reason: string): reason is QualityReason {
  return (QUALITY_REASONS as readonly string[]).includes(reason);
}

/** The one thing to do now: the liveness action, else the first quality hint, else "look at the camera". */
function instructionOf(face: FaceView | null, m: Messages, language: Language): string {
  if (face?.challenge) return faceInstruction(face.challenge.action, language);
  const reason = face?.feedback.find(isQualityReason);
  return reason ? faceInstruction(reason, language) : m.journey.faceInstruction;
}

export function FaceScreen(props: BridgedScreenProps) {
  const { session, m, bridge, send } = props;
  const j = m.journey;
  const face = session.face;
  const collecting = face?.phase === 'matching' || face?.phase === 'liveness';
  const { videoRef, camera } = useFaceFrames(bridge, collecting, face?.phase === 'liveness' ? 'every-face' : 'good-frames');
  const seconds = useSecondsLeft(face?.challenge?.deadline ?? null);
  const picture = face?.challenge ? <LivenessPicture action={face.challenge.action} /> : <LookAtCamera />;

  return (
    <Step {...props} name="face" title={j.faceTitle} instruction={instructionOf(face, m, session.language)} picture={picture}>
      <div className="face" data-camera={camera} data-phase={face?.phase ?? 'none'} data-feedback={face?.feedback.join(' ') ?? ''}>
        <div className="face__view">
          {/* Mirrored, so the applicant moves as in a mirror. */}
          <video ref={videoRef} className="face__video" muted playsInline aria-hidden="true" />
          {camera === 'starting' ? <p className="face__overlay">{j.faceCameraStarting}</p> : null}
          {camera === 'failed' ? (
            <p className="face__overlay" role="alert">
              {j.faceCameraFailed}
            </p>
          ) : null}
        </div>
        <div className="face__status" aria-live="polite">
          {face ? <p>{format(j.faceAttempt, { attempt: face.attempt, max: face.maxAttempts })}</p> : null}
          {face?.challenge ? (
            <p className="face__countdown" data-challenge={face.challenge.action} data-seconds={seconds}>
              {format(j.faceLiveness, { step: face.challenge.step, steps: face.challenge.steps, seconds })}
            </p>
          ) : null}
          {face?.phase === 'matching' ? (
            <>
              <p>{format(j.faceProgress, { done: face.goodFrames, total: face.goodFramesRequired })}</p>
              <progress max={face.goodFramesRequired} value={face.goodFrames} aria-label={j.faceTitle} />
            </>
          ) : null}
          {face?.phase === 'passed' ? <p className="face__result face__result--ok">{j.facePassed}</p> : null}
          {face?.phase === 'failed' ? (
            <>
              <p className="face__result">{j.faceFailed}</p>
              <button type="button" className="button button--primary button--wide" onClick={() => send({ type: 'RETRY' })}>
                {j.retry}
              </button>
            </>
          ) : null}
        </div>
      </div>
    </Step>
  );
}
