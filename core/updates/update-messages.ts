/** Why an update was refused, in the technician's language (zh-CN and English). */
import type { z } from 'zod';
import type { LocalizedText as LocalizedTextSchema } from '../contract';

type LocalizedText = z.output<typeof LocalizedTextSchema>;

export const UPDATE_PROBLEMS = [
  'not-found',
  'unknown-kind',
  'no-hash',
  'hash-mismatch',
  'signature-missing',
  'signature-unverifiable',
  'bad-signature',
  'invalid-content',
  'nothing-to-roll-back',
] as const;
export type UpdateProblemCode = (typeof UPDATE_PROBLEMS)[number];

const MESSAGES: Readonly<Record<UpdateProblemCode, LocalizedText>> = {
  'not-found': { 'zh-CN': '找不到或无法读取该文件，请检查路径和U盘。', en: 'The file cannot be found or read; check the path and the USB stick.' },
  'unknown-kind': { 'zh-CN': '只能导入规则文件（.json）或地址库（.sqlite、.csv）。', en: 'Only rule sets (.json) and address databases (.sqlite, .csv) can be imported.' },
  'no-hash': { 'zh-CN': '请输入文件的 SHA-256 校验值，或在文件旁放置同名 .sha256 文件。', en: 'Enter the file’s SHA-256, or put a FILE.sha256 beside it.' },
  'hash-mismatch': { 'zh-CN': 'SHA-256 校验值不符：文件已损坏或不是发布的版本，未作任何更改。', en: 'The SHA-256 does not match: the file is damaged or not the published one. Nothing was changed.' },
  'signature-missing': { 'zh-CN': '本机要求更新文件带有签名（.sig），该文件没有签名。', en: 'This kiosk requires a signature (FILE.sig) and the update has none.' },
  'signature-unverifiable': { 'zh-CN': '文件带有签名，但本机未配置更新公钥，无法核验。', en: 'The update is signed but no update public key is configured to check it.' },
  'bad-signature': { 'zh-CN': '签名无效：文件不是由发布机关签发的，未作任何更改。', en: 'The signature is not valid: the file was not issued by the authority. Nothing was changed.' },
  'invalid-content': { 'zh-CN': '文件内容有误，已拒绝，仍使用原版本。', en: 'The file’s content is invalid; it was refused and the current version stays in force.' },
  'nothing-to-roll-back': { 'zh-CN': '没有可回退的早前版本。', en: 'There is no earlier version to roll back to.' },
};

export interface UpdateProblem {
  problem: UpdateProblemCode;
  message: LocalizedText;
  /** What exactly is wrong (bad fields, the hashes compared), in the loaders' words. */
  details: string[];
}

export function updateProblem(problem: UpdateProblemCode, details: string[] = []): UpdateProblem {
  return { problem, message: MESSAGES[problem], details };
}
