/**
 * What the applicant is asked to do for each failed quality gate and each liveness
 * step. The analysed frame is the camera's (not mirrored); the kiosk shows it mirrored,
 * so "move to your left" is said in the applicant's own terms.
 */
import type { QualityReason } from '../../../face/quality-gates';
import type { LivenessAction } from '../../../face/settings';
import type { Language } from '../contract';

const zhCN: Record<QualityReason | LivenessAction, string> = {
  'no-face': '请正对摄像头',
  'several-faces': '请确保画面中只有您一人',
  'face-too-small': '请靠近一些',
  'face-too-large': '请稍微后退',
  'off-centre': '请移动到画面中央',
  'turned-sideways': '请正视摄像头，不要侧脸',
  'head-tilted': '请抬平头部，不要仰头或低头',
  blurred: '请保持不动',
  'too-dark': '光线太暗，请面向光源',
  'too-bright': '光线太强，请避开强光',
  'turn-left': '请向左转头',
  'turn-right': '请向右转头',
  'mouth-open': '请张嘴',
};

const en: Record<QualityReason | LivenessAction, string> = {
  'no-face': 'Please face the camera',
  'several-faces': 'Please make sure only you are in the picture',
  'face-too-small': 'Please come a little closer',
  'face-too-large': 'Please move back a little',
  'off-centre': 'Please move to the middle of the picture',
  'turned-sideways': 'Please look straight at the camera',
  'head-tilted': 'Please hold your head level',
  blurred: 'Please hold still',
  'too-dark': 'It is too dark: please face the light',
  'too-bright': 'The light is too strong: please step out of it',
  'turn-left': 'Please turn your head to the left',
  'turn-right': 'Please turn your head to the right',
  'mouth-open': 'Please open your mouth',
};

export function faceInstruction(reason: QualityReason | LivenessAction, language: Language): string {
  return (language === 'zh-CN' ? zhCN : en)[reason];
}
