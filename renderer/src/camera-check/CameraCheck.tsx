/**
 * The technician's camera check: the live camera with the face box and the quality
 * readings, an ID photo loaded from a file, and the full verification (quality gates,
 * several good frames, median distance, decision) with its numbers. Runs without the
 * kiosk core. Descriptors stay in memory and are wiped when the page closes.
 */
import { useEffect, useRef, useState, type ChangeEvent } from 'react';
import { wipe } from '../../../face/descriptor';
import type { FaceAnalyser, FrameAnalysis, StillDescription } from '../../../face/face-analyser';
import { DEFAULT_FACE_SETTINGS } from '../../../face/settings';
import { FaceVerification, type VerificationState } from '../../../face/verification';
import { loadBrowserFaceAnalyser, preferFasterBackend } from '../face/browser-face-api';
import { CameraError, openCamera, type Camera } from '../face/camera';
import { faceInstruction } from '../face/quality-messages';
import { drawFaces } from './draw-faces';

type PageState = { phase: 'loading' } | { phase: 'running'; backend: string } | { phase: 'error'; message: string };
type IdPhotoStatus = 'none' | 'reading' | 'unreadable' | 'ok' | Extract<StillDescription, { ok: false }>['reason'];
interface IdPhotoState {
  status: IdPhotoStatus;
  /** The photo shown beside the result, as a blob: URL. */
  url?: string;
}

const SETTINGS = DEFAULT_FACE_SETTINGS;

export function CameraCheck() {
  const videoRef = useRef<HTMLVideoElement>(null);
  const overlayRef = useRef<HTMLCanvasElement>(null);
  const analyserRef = useRef<FaceAnalyser>(undefined);
  const idDescriptorRef = useRef<Float32Array>(undefined);
  const verificationRef = useRef<FaceVerification>(undefined);
  // One tfjs job at a time: the frame loop and the ID photo take turns.
  const queueRef = useRef<Promise<unknown>>(Promise.resolve());
  const [page, setPage] = useState<PageState>({ phase: 'loading' });
  const [analysis, setAnalysis] = useState<FrameAnalysis>();
  const [frameMs, setFrameMs] = useState<number>();
  const [idPhoto, setIdPhoto] = useState<IdPhotoState>({ status: 'none' });
  const [verification, setVerification] = useState<VerificationState>();
  const [decisionMs, setDecisionMs] = useState<number>();

  const exclusive = <T,>(job: () => Promise<T>): Promise<T> => {
    const run = queueRef.current.then(job, job);
    queueRef.current = run.catch(() => undefined);
    return run;
  };

  useEffect(() => {
    let stopped = false;
    let camera: Camera | undefined;
    let firstGoodFrameAt: number | undefined;
    (async () => {
      const video = videoRef.current as HTMLVideoElement;
      const analyser = await loadBrowserFaceAnalyser();
      analyserRef.current = analyser;
      camera = await openCamera(video);
      const backend = await exclusive(() => preferFasterBackend(() => analyser.analyseFrame(video)));
      if (stopped) return;
      setPage({ phase: 'running', backend });
      while (!stopped) {
        const started = performance.now();
        // Every good frame is described, so the time shown is the whole per-frame cost.
        const frame = await exclusive(() => analyser.analyseFrame(video));
        setFrameMs(Math.round(performance.now() - started));
        setAnalysis({ ...frame, descriptor: undefined });
        drawFaces(overlayRef.current, frame);
        const current = verificationRef.current;
        if (current?.state.phase === 'collecting') {
          if (frame.descriptor && firstGoodFrameAt === undefined) firstGoodFrameAt = started;
          const state = current.offer(frame);
          setVerification(state);
          if (state.phase !== 'collecting' && firstGoodFrameAt !== undefined) {
            setDecisionMs(Math.round(performance.now() - firstGoodFrameAt));
            firstGoodFrameAt = undefined;
          }
        }
        wipe(frame.descriptor);
        await new Promise((resolve) => requestAnimationFrame(resolve));
      }
    })().catch((error: unknown) => {
      if (!stopped) setPage({ phase: 'error', message: error instanceof CameraError ? `${error.problem}: ${error.message}` : String(error) });
    });
    return () => {
      stopped = true;
      camera?.stop();
      verificationRef.current?.dispose();
      wipe(idDescriptorRef.current);
      idDescriptorRef.current = undefined;
    };
  }, []);

  const onIdPhoto = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    const analyser = analyserRef.current;
    if (!file || !analyser) return;
    resetVerification();
    wipe(idDescriptorRef.current);
    idDescriptorRef.current = undefined;
    setIdPhoto({ status: 'reading' });
    try {
      const bitmap = await createImageBitmap(file);
      const described = await exclusive(() => analyser.describeStill(bitmap));
      bitmap.close();
      const url = URL.createObjectURL(file);
      if (described.ok) idDescriptorRef.current = described.descriptor;
      setIdPhoto({ status: described.ok ? 'ok' : described.reason, url });
    } catch {
      setIdPhoto({ status: 'unreadable' });
    }
  };

  const resetVerification = () => {
    verificationRef.current?.dispose();
    verificationRef.current = undefined;
    setVerification(undefined);
    setDecisionMs(undefined);
  };

  const startVerification = () => {
    const idDescriptor = idDescriptorRef.current;
    if (!idDescriptor) return;
    resetVerification();
    // A copy: the verification wipes its own when disposed, the page keeps the photo's for the next run.
    verificationRef.current = new FaceVerification(Float32Array.from(idDescriptor), SETTINGS);
    setVerification(verificationRef.current.state);
  };

  const retry = () => {
    const state = verificationRef.current?.retry();
    if (state) setVerification(state);
  };

  const decision = verification && 'decision' in verification ? verification.decision : undefined;
  const readings = analysis?.face?.readings;
  return (
    <main className="camera-check" data-page="camera-check" data-state={page.phase} data-backend={page.phase === 'running' ? page.backend : undefined}>
      <h1>摄像头检测 · Camera check</h1>
      {page.phase === 'error' ? (
        <p className="camera-check__error" role="alert">
          {page.message}
        </p>
      ) : null}
      <div className="camera-check__body">
        <div className="camera-check__view">
          <video ref={videoRef} className="camera-check__video" muted playsInline />
          <canvas ref={overlayRef} className="camera-check__overlay" />
          {page.phase === 'loading' ? <p className="camera-check__loading">正在加载模型和摄像头…</p> : null}
        </div>
        <section className="camera-check__panel">
          <h2>画面质量 · Quality</h2>
          <dl className="readings" data-faces={analysis?.faces.length ?? 0} data-reasons={analysis?.reasons.join(' ') ?? ''} data-frame-ms={frameMs}>
            <Reading name="faces" label="人脸数" value={analysis?.faces.length} />
            <Reading name="height" label="脸高 / 画面" value={readings?.heightRatio} />
            <Reading name="offset" label="偏离中心" value={readings ? Math.max(Math.abs(readings.offsetX), Math.abs(readings.offsetY)) : undefined} />
            <Reading name="yaw" label="左右转 yaw" value={readings?.pose.yaw} />
            <Reading name="pitch" label="俯仰 pitch" value={readings?.pose.pitch} />
            <Reading name="roll" label="倾斜 °" value={readings?.pose.rollDegrees} />
            <Reading name="mouth" label="张嘴" value={readings?.pose.mouthOpen} />
            <Reading name="sharpness" label="清晰度" value={readings?.sharpness} />
            <Reading name="brightness" label="亮度" value={readings?.brightness} />
            <Reading name="frame-ms" label="每帧 ms" value={frameMs} />
          </dl>
          <p className="camera-check__instruction" data-instruction={analysis?.reasons[0] ?? 'ok'}>
            {analysis ? (analysis.reasons[0] ? faceInstruction(analysis.reasons[0], 'zh-CN') : '画面合格') : '—'}
          </p>

          <h2>证件照 · ID photo</h2>
          <label className="camera-check__file">
            选择证件照 (JPEG/PNG)
            <input type="file" accept="image/jpeg,image/png,image/bmp" data-testid="id-photo" disabled={page.phase !== 'running'} onChange={(e) => void onIdPhoto(e)} />
          </label>
          <p data-id-photo={idPhoto.status}>
            {idPhoto.url ? <img className="camera-check__id-photo" src={idPhoto.url} alt="证件照" /> : null}
            {ID_PHOTO_TEXT[idPhoto.status]}
          </p>

          <h2>核验 · Verification</h2>
          <button type="button" className="button button--primary" disabled={idPhoto.status !== 'ok' || page.phase !== 'running'} onClick={startVerification}>
            开始核验
          </button>
          <section
            className="verification"
            data-verification={verification?.phase ?? 'idle'}
            data-decision={decision ? (verification?.phase === 'referred' ? 'referred' : decision.match ? 'match' : 'no-match') : undefined}
            data-distance={decision?.distance.toFixed(4)}
            data-threshold={decision?.threshold ?? SETTINGS.threshold}
            data-decision-ms={decisionMs}
          >
            {verification?.phase === 'collecting' ? (
              <p>
                第 {verification.attempt}/{SETTINGS.maxAttempts} 次：合格画面 {verification.goodFrames}/{verification.framesRequired}
              </p>
            ) : null}
            {decision ? (
              <p className="verification__result">
                {decision.match ? '✔ 同一人 match' : '✘ 不是同一人 no match'} · 距离 distance {decision.distance.toFixed(4)} · 阈值 threshold {decision.threshold}
                {decisionMs !== undefined ? ` · ${decisionMs} ms` : ''}
              </p>
            ) : null}
            {verification?.phase === 'no-match' ? (
              <button type="button" className="button" onClick={retry}>
                再试一次（剩余 {verification.attemptsLeft} 次）
              </button>
            ) : null}
            {verification?.phase === 'referred' ? <p>已用完 {SETTINGS.maxAttempts} 次尝试：请转人工窗口</p> : null}
          </section>
        </section>
      </div>
    </main>
  );
}

const ID_PHOTO_TEXT: Record<IdPhotoStatus, string> = {
  none: '尚未选择',
  reading: '正在读取…',
  unreadable: '无法读取该文件',
  ok: '已找到人脸',
  'no-face': '照片中未找到人脸',
  'several-faces': '照片中有多张人脸',
};

function Reading({ name, label, value }: { name: string; label: string; value: number | undefined }) {
  return (
    <div className="reading" data-reading={name} data-value={value === undefined ? undefined : String(value)}>
      <dt>{label}</dt>
      <dd>{value === undefined ? '—' : Number.isInteger(value) ? value : value.toFixed(3)}</dd>
    </div>
  );
}
