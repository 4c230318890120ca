/** Every way the centre says no: an HTTP status, a code for programs, a sentence in both languages. */
import type { Refusal } from '../../protocol/centre';

const REFUSALS = {
  'bad-request': [400, '请求格式不正确', 'The request is malformed'],
  'not-found': [404, '没有这个地址', 'No such path'],
  'too-large': [413, '请求太大', 'The request is too large'],
  unsigned: [401, '请求没有签名', 'The request is not signed'],
  'unknown-kiosk': [401, '未登记的终端', 'This kiosk is not enrolled'],
  'revoked-kiosk': [403, '该终端已被停用', 'This kiosk has been revoked'],
  'bad-signature': [401, '签名无效', 'The signature is not valid'],
  'clock-skew': [401, '终端时钟与中心相差太大', "The kiosk's clock is too far from the centre's"],
  replay: [401, '重复的请求已被拒绝', 'A replayed request was refused'],
  'bad-enrolment-code': [403, '注册码无效、已使用或已过期', 'The enrolment code is wrong, used or expired'],
  'lease-lost': [409, '名称或经营场所的预留已失效，已被其他申请占用', 'The reservation of the name or the premises has lapsed and another application holds it'],
  'licence-not-found': [404, '没有查到登记在申请人名下的这张营业执照', 'No such licence is registered to the applicant'],
  'licence-not-active': [409, '该营业执照已经注销', 'This licence is already deregistered'],
  'already-issued': [409, '该统一社会信用代码已登记', 'This credit code is already registered'],
  'no-such-licence': [404, '没有这个统一社会信用代码的执照', 'No licence has this credit code'],
  'not-your-grid': [403, '该执照不在您负责的网格内', 'This licence is not in your grid'],
  'visit-recorded': [409, '该执照的核查结果已登记', 'The visit to this business is already recorded'],
  'sealed-unreadable': [422, '个人信息无法解密，批次未接收，终端将保留并重试', 'The sealed personal data cannot be opened; the batch was not taken and stays at the kiosk'],
  'credit-codes-used-up': [503, '登记中心可分配的统一社会信用代码号段已用完', "The centre has no credit-code blocks left to lease"],
  unavailable: [503, '登记中心暂时无法访问数据库', 'The centre cannot reach its database'],
  'signed-out': [401, '请先登录', 'Please sign in first'],
  'role-forbidden': [403, '您的岗位无权查看或操作此项', 'Your role may not see or change this'],
  csrf: [403, '请求来源无法确认，请刷新页面后重试', 'The request could not be confirmed as coming from this site: reload the page and try again'],
  'bad-login': [401, '用户名或密码不正确', 'Wrong name or password'],
  'account-locked': [423, '多次登录失败，账号已暂时锁定，请 15 分钟后再试', 'Too many failed sign-ins: the account is locked for 15 minutes'],
  'no-such-rollout': [404, '没有这个规则版本的灰度发布', 'There is no rollout of this rule-set version'],
  'rollout-stage-changed': [409, '该发布的状态已变化，不能执行此操作，请查看最新状态', 'This rollout is no longer in a stage that allows that: see its current stage'],
} as const satisfies Record<string, readonly [number, string, string]>;

export type RefusalCode = keyof typeof REFUSALS;

export class RefusedError extends Error {
  constructor(
    readonly code: RefusalCode,
    readonly detail?: string,
  ) {
    super(detail ? `${code}: ${detail}` : code);
  }
}

export function refusalOf(code: RefusalCode): { status: number; body: Refusal } {
  const [status, zh, en] = REFUSALS[code];
  return { status, body: { error: code, message: { 'zh-CN': zh, en }, serverTime: new Date().toISOString() } };
}
