/**
 * The journey's own problems in the applicant's words, in both languages, each with
 * the way forward. Problems of the rules (name, phone, house code) come with the rules'
 * own texts; these are the ones only the journey knows.
 */
import type { Problem } from './journey-types';

type Text = { 'zh-CN': string; en: string };

const MESSAGES = {
  'card-unreadable': {
    'zh-CN': '身份证读取失败。请取出身份证，擦拭后重新放在读卡区，然后点“重试”。',
    en: 'The ID card could not be read. Take it off, wipe it, put it back on the reader and press "Try again".',
  },
  'reader-unavailable': {
    'zh-CN': '读卡器暂时无法使用，工作人员已收到通知。请稍候，或点“重试”。',
    en: 'The card reader is not working right now; staff have been told. Please wait, or press "Try again".',
  },
  'card-expired': {
    'zh-CN': '这张身份证已过有效期，不能用于办理。请使用有效的身份证，或到人工窗口办理。',
    en: 'This ID card has expired and cannot be used. Please use a valid ID card, or go to a service counter.',
  },
  'card-not-yet-valid': {
    'zh-CN': '这张身份证尚未生效，不能用于办理。请到人工窗口办理。',
    en: 'This ID card is not valid yet. Please go to a service counter.',
  },
  'card-invalid': {
    'zh-CN': '无法识别这张身份证的信息。请到人工窗口办理。',
    en: 'The details on this ID card cannot be recognised. Please go to a service counter.',
  },
  'id-photo-unusable': {
    'zh-CN': '身份证照片无法用于人脸核验，请到人工窗口办理。',
    en: 'The photo on your ID card cannot be used for the face check. Please go to a service counter.',
  },
  'face-not-matched': {
    'zh-CN': '人脸核验未通过。请摘下帽子或眼镜，正对摄像头，然后点“重试”。',
    en: 'The face check did not pass. Take off any hat or glasses, face the camera and press "Try again".',
  },
  'face-liveness-timed-out': {
    'zh-CN': '没有看到您按提示做动作。请看屏幕上的提示，慢慢转头或张嘴，然后点“重试”。',
    en: 'We did not see the movement asked for. Follow the instruction on screen slowly, then press "Try again".',
  },
  'face-changed': {
    'zh-CN': '做动作时画面中换了一张脸。请持证人本人独自正对摄像头，然后点“重试”。',
    en: 'A different face appeared during the movements. The card holder alone should face the camera; then press "Try again".',
  },
  'face-declined': {
    'zh-CN': '您未同意人脸核验，请到人工窗口办理。',
    en: 'You did not agree to the face check. Please go to a service counter.',
  },
  'face-referred': {
    'zh-CN': '人脸核验多次未通过，请到人工窗口办理。',
    en: 'The face check did not pass after several tries. Please go to a service counter.',
  },
  'consent-required': {
    'zh-CN': '需要您同意个人信息处理规则才能继续办理。',
    en: 'You need to agree to how your personal information is handled to continue.',
  },
  'form-incomplete': {
    'zh-CN': '请先更正标出的内容，再继续。',
    en: 'Please correct the marked fields first.',
  },
  'address-not-confirmed': {
    'zh-CN': '请先输入房屋编码并确认地址。',
    en: 'Please enter the house code and confirm the address first.',
  },
  'no-active-licence': {
    'zh-CN': '没有查到登记在您名下、仍在经营的个体工商户。如有疑问，请到人工窗口咨询。',
    en: 'No active individual business is registered to you. If in doubt, please ask at a service counter.',
  },
  'licence-not-listed': {
    'zh-CN': '请从列表中选择要注销的营业执照。',
    en: 'Please choose the licence to deregister from the list.',
  },
  'service-unavailable': {
    'zh-CN': '系统暂时无法办理，您的资料未提交。请到人工窗口办理。',
    en: 'The system cannot process applications right now; nothing was submitted. Please go to a service counter.',
  },
  'no-credit-codes': {
    'zh-CN': '本机暂时无法分配营业执照编号（统一社会信用代码），未能为您发照，资料未登记。请到人工窗口办理。',
    en: 'This kiosk cannot assign a licence number (credit code) right now, so no licence was issued and nothing was registered. Please go to a service counter.',
  },
  'session-failed': {
    'zh-CN': '系统出现故障，本次办理没有完成，您提供的信息已经清除。请到人工窗口办理。',
    en: 'Something went wrong in the system: your application was not completed and the details you gave have been deleted. Please go to a service counter.',
  },
  'session-failed-after-decision': {
    'zh-CN': '系统出现故障。您的申请已经办结，结果已保存，请到人工窗口领取。',
    en: 'Something went wrong in the system. Your application has been decided and the result is saved: please collect it at a service counter.',
  },
  'print-waiting': {
    'zh-CN': '打印机暂时无法打印，已通知工作人员处理。请稍候，处理好后会自动继续打印。',
    en: 'The printer cannot print right now; staff have been called. Please wait: printing continues by itself.',
  },
  'print-failed': {
    'zh-CN': '打印失败。您的执照已办结，工作人员会为您补打。',
    en: 'Printing failed. Your licence is registered; staff will reprint it for you.',
  },
} as const satisfies Record<string, Text>;

export type JourneyProblemCode = keyof typeof MESSAGES;

export function journeyProblem(code: JourneyProblemCode, field?: string): Problem {
  const message = MESSAGES[code];
  return field === undefined ? { code, message: { ...message } } : { code, message: { ...message }, field };
}

/** Printer status reasons told as what the applicant should know. */
const PRINTER_REASONS: Readonly<Record<string, Text>> = {
  'paper-end': { 'zh-CN': '打印机缺纸', en: 'The printer is out of paper' },
  'media-empty': { 'zh-CN': '打印机缺纸', en: 'The printer is out of paper' },
  'cover-open': { 'zh-CN': '打印机盖未关好', en: 'The printer cover is open' },
};

/** Why a job waits or failed, with what the applicant should do. */
export function printProblem(state: 'waiting' | 'failed', reason: string | null): Problem {
  const base = journeyProblem(state === 'waiting' ? 'print-waiting' : 'print-failed');
  const cause = reason === null ? undefined : PRINTER_REASONS[reason];
  if (!cause) return { ...base, code: reason ?? base.code };
  return { code: reason as string, message: { 'zh-CN': `${cause['zh-CN']}。${base.message['zh-CN']}`, en: `${cause.en}. ${base.message.en}` } };
}
