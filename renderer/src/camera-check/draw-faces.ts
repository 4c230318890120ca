/** Draws the faces of an analysed frame over the video: the box (green when the frame is good) and the 68 landmarks. */
import type { FrameAnalysis } from '../../../face/face-analyser';

export function drawFaces(canvas: HTMLCanvasElement | null, frame: FrameAnalysis): void {
  const context = canvas?.getContext('2d');
  if (!canvas || !context) return;
  if (canvas.width !== frame.width || canvas.height !== frame.height) {
    canvas.width = frame.width;
    canvas.height = frame.height;
  }
  context.clearRect(0, 0, canvas.width, canvas.height);
  context.lineWidth = 3;
  context.strokeStyle = frame.reasons.length === 0 ? '#2e7d32' : '#ef6c00';
  for (const box of frame.faces) context.strokeRect(box.x, box.y, box.width, box.height);
  context.fillStyle = '#29b6f6';
  for (const { x, y } of frame.face?.landmarks ?? []) context.fillRect(x - 1.5, y - 1.5, 3, 3);
}
