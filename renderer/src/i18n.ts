/**
 * Every word the applicant reads, in Chinese (the default) and English. One table
 * per language with the same keys, so a missing translation is a type error.
 */
import type { Language } from './contract';

const zhCN = {
  title: '个体工商户营业执照',
  subtitle: '秒批 · 自助办理',
  touchToStart: '轻触屏幕开始办理',
  attractHint: '约一分钟办好营业执照：请备好身份证和房屋编码',
  devicesHeading: '设备状态',
  welcomeTitle: '欢迎使用秒批自助服务',
  welcomeHint: '请选择语言，然后继续',
  back: '返回首页',
  languageName: '中文',
  otherLanguage: 'English',
  stillThere: '您还在吗？',
  stillThereHint: '{seconds} 秒后将清除本次办理信息并返回首页',
  continue: '继续办理',
  connecting: '正在连接终端服务…',
  connectionLost: '终端服务连接中断，请稍候或联系工作人员',
  noHost: '请通过自助终端启动本页面',
  device: { idcard: '身份证阅读器', thermal: '凭条打印机', laser: '执照打印机', camera: '摄像头' },
  level: { ok: '正常', warning: '注意', error: '故障' },
  reason: {
    'not-open': '未连接',
    'no-card': '未放置身份证',
    'paper-end': '缺纸',
    'paper-near-end': '纸张将尽',
    'cover-open': '机盖打开',
    offline: '离线',
    jam: '卡纸',
    'cutter-error': '切刀故障',
    'toner-low': '墨粉不足',
    'media-empty': '纸盒无纸',
    disconnected: '已断开',
    timeout: '无响应',
    'protocol-error': '通讯错误',
    'decoder-missing': '缺少照片解码组件',
    'no-camera': '未检测到摄像头',
    'permission-denied': '摄像头未授权',
  },
  simulated: '模拟设备',
} as const;

type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };
export type Messages = Shape<typeof zhCN>;

const en: Messages = {
  title: 'Individual Business Licence',
  subtitle: 'Instant approval · Self-service',
  touchToStart: 'Touch the screen to start',
  attractHint: 'Get your licence in about a minute: have your ID card and house code ready',
  devicesHeading: 'Devices',
  welcomeTitle: 'Welcome to instant approval',
  welcomeHint: 'Choose your language, then continue',
  back: 'Back to start',
  languageName: 'English',
  otherLanguage: '中文',
  stillThere: 'Are you still there?',
  stillThereHint: 'In {seconds} s this session is cleared and the kiosk returns to the start',
  continue: 'Continue',
  connecting: 'Connecting to the kiosk service…',
  connectionLost: 'Lost the connection to the kiosk service. Please wait or ask a member of staff',
  noHost: 'Please open this page from the kiosk',
  device: { idcard: 'ID card reader', thermal: 'Receipt printer', laser: 'Licence printer', camera: 'Camera' },
  level: { ok: 'OK', warning: 'Attention', error: 'Fault' },
  reason: {
    'not-open': 'not connected',
    'no-card': 'no card',
    'paper-end': 'out of paper',
    'paper-near-end': 'paper low',
    'cover-open': 'cover open',
    offline: 'offline',
    jam: 'paper jam',
    'cutter-error': 'cutter fault',
    'toner-low': 'toner low',
    'media-empty': 'tray empty',
    disconnected: 'disconnected',
    timeout: 'not answering',
    'protocol-error': 'communication error',
    'decoder-missing': 'photo decoder missing',
    'no-camera': 'no camera found',
    'permission-denied': 'camera not allowed',
  },
  simulated: 'simulated',
};

const catalogues: Record<Language, Messages> = { 'zh-CN': zhCN, en };

export function messages(language: Language): Messages {
  return catalogues[language];
}

export function format(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => String(values[key] ?? `{${key}}`));
}

export function reasonText(m: Messages, reason: string): string {
  return (m.reason as Record<string, string>)[reason] ?? reason;
}
