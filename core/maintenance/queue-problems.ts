/** Why the print queue refused a technician's request, in both languages. */
import type { QueueActionResult } from '../contract';
import type { PrintRequestProblem } from '../printing/print-queue';

type Problem = PrintRequestProblem | 'queue-unavailable';

const MESSAGES: Record<Problem, { 'zh-CN': string; en: string }> = {
  'licence-not-found': { 'zh-CN': '本机没有此统一社会信用代码的执照', en: 'No licence with this credit code on this kiosk' },
  'licence-not-active': { 'zh-CN': '该执照已注销，不能补打执照', en: 'This licence is deregistered: it cannot be printed again' },
  'licence-active': { 'zh-CN': '该执照未注销，没有注销通知书可打印', en: 'This licence is not deregistered: there is no notice to print' },
  'reason-required': { 'zh-CN': '请填写补打原因', en: 'Please give the reason for the reprint' },
  'no-such-job': { 'zh-CN': '没有这个打印任务', en: 'No such print job' },
  'not-allowed': { 'zh-CN': '该任务当前状态不允许此操作', en: 'This job cannot do that in its current state' },
  'queue-unavailable': { 'zh-CN': '打印队列未启动', en: 'The print queue is not running' },
};

export function queueProblem(problem: Problem): Extract<QueueActionResult, { done: false }> {
  return { done: false, problem, message: MESSAGES[problem] };
}
