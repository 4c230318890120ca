/**
 * A licence receipt slip with made-up data, for the emulator, the tests and the
 * maintenance screen's test print. The real slip is laid out by the core.
 */
import type { SlipJob } from './slip-job';

export const SAMPLE_LICENCE_QR_PAYLOAD = 'https://miaopi.example.cn/licence/92440300MA5EQ7GQ4X?v=1';

export const SAMPLE_LICENCE_LINES = [
  '个体工商户营业执照',
  '统一社会信用代码：92440300MA5EQ7GQ4X',
  '名称：深圳市龙岗区精锐图文设计店',
  '经营者：张伟',
  '经营场所：深圳市龙岗区平湖街道',
  '注册日期：2024年03月20日',
  '扫描二维码查看登记信息',
] as const;

export function sampleLicenceSlip(qrPayload: string = SAMPLE_LICENCE_QR_PAYLOAD): SlipJob {
  const [title, ...details] = SAMPLE_LICENCE_LINES;
  const caption = details.pop() as string;
  return {
    elements: [
      { kind: 'text', text: title, align: 'center', bold: true, size: { width: 2, height: 2 } },
      { kind: 'feed', lines: 1 },
      ...details.map((text) => ({ kind: 'text' as const, text })),
      { kind: 'feed', lines: 1 },
      { kind: 'qr', payload: qrPayload, align: 'center', moduleSize: 6, errorLevel: 'M' },
      { kind: 'text', text: caption, align: 'center' },
    ],
    cut: 'full',
  };
}
