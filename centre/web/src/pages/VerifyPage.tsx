/**
 * /v/<payload>: the page a phone opens from the licence's QR code. Whether the
 * signature is genuine, the registry's status, a review flag if an inspection put one,
 * and the licence's public fields with the labels the paper uses.
 */
import { useEffect, useState } from 'react';
import { LICENCE_CHECK_PATHS, type LicenceCheckAnswer, type PayloadProblem, type PublicLicence } from '../../../../protocol/centre-licence-check';
import { useT, type Text } from '../i18n';
import type { PageProps } from './registry';

const TEXT = {
  heading: { 'zh-CN': '营业执照核验', en: 'Business licence check' },
  checking: { 'zh-CN': '正在核验…', en: 'Checking…' },
  unreachable: { 'zh-CN': '暂时无法核验，请稍后再试', en: 'The check is not available now: try again later' },
  valid: { 'zh-CN': '签名有效：此二维码由秒批自助终端签发，内容未被改动。', en: 'Signature valid: this QR code was issued by a Miaopi kiosk and has not been altered.' },
  invalid: { 'zh-CN': '无效：此二维码不是有效的营业执照二维码。', en: 'Not valid: this QR code is not a valid licence QR code.' },
  statusLabel: { 'zh-CN': '登记状态：', en: 'Registry status: ' },
  active: { 'zh-CN': '存续（在营）', en: 'Active' },
  deregistered: { 'zh-CN': '已注销（{date}）', en: 'Deregistered ({date})' },
  unknown: { 'zh-CN': '本登记中心没有此执照的记录', en: 'Unknown to this registration centre' },
  flagged: { 'zh-CN': '待核查：{reason}（自 {since} 起）', en: 'Flagged for review: {reason} (since {since})' },
  notRecorded: { 'zh-CN': '本中心未记录', en: 'not recorded at this centre' },
  none: { 'zh-CN': '无', en: 'none' },
  fieldsHeading: { 'zh-CN': '执照内容', en: 'What the licence shows' },
} satisfies Record<string, Text>;

const PROBLEM: Record<PayloadProblem, Text> = {
  malformed: { 'zh-CN': '二维码内容不完整或格式不对。', en: 'The QR code is incomplete or not in the licence format.' },
  'unknown-key': { 'zh-CN': '签发终端不在本登记中心登记之列，无法确认。', en: 'It was signed by a kiosk this centre does not know, so it cannot be confirmed.' },
  'bad-signature': { 'zh-CN': '签名与内容不符：内容已被改动或系伪造。', en: 'The signature does not match: the content was altered or forged.' },
};

/** The paper's labels (个体工商户营业执照), in the order it prints them. */
const FIELDS: [Text, (licence: PublicLicence) => string | string[] | null][] = [
  [{ 'zh-CN': '统一社会信用代码', en: 'Unified social credit code' }, (l) => l.creditCode],
  [{ 'zh-CN': '名称', en: 'Name' }, (l) => l.name ?? '***'],
  [{ 'zh-CN': '类型', en: 'Type' }, (l) => l.type],
  [{ 'zh-CN': '经营者', en: 'Operator' }, (l) => l.operatorName],
  [{ 'zh-CN': '组成形式', en: 'Composition' }, (l) => l.compositionForm],
  [{ 'zh-CN': '经营场所', en: 'Place of business' }, (l) => l.premisesAddress],
  [{ 'zh-CN': '经营范围', en: 'Business scope' }, (l) => (l.businessScope ? [...l.businessScope, ...(l.permitScope ?? []).map((item) => `（许可）${item}`)] : null)],
  [{ 'zh-CN': '注册日期', en: 'Registration date' }, (l) => l.registrationDate],
  [{ 'zh-CN': '登记机关', en: 'Registration authority' }, (l) => l.authorityName],
];

type Loaded = { state: 'loading' } | { state: 'failed' } | { state: 'checked'; answer: LicenceCheckAnswer };

export default function VerifyPage({ params }: PageProps) {
  const t = useT();
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  const payload = params[0] ?? '';

  useEffect(() => {
    fetch(`${LICENCE_CHECK_PATHS.api}${payload}`, { headers: { accept: 'application/json' } })
      .then((response) => response.json() as Promise<LicenceCheckAnswer>)
      .then((answer) => setLoaded({ state: 'checked', answer }))
      .catch(() => setLoaded({ state: 'failed' }));
  }, [payload]);

  return (
    <section className="panel verify" aria-labelledby="verify-heading">
      <h1 id="verify-heading">{t(TEXT.heading)}</h1>
      {loaded.state === 'loading' && <p role="status">{t(TEXT.checking)}</p>}
      {loaded.state === 'failed' && <p role="alert">{t(TEXT.unreachable)}</p>}
      {loaded.state === 'checked' && <Result answer={loaded.answer} />}
    </section>
  );
}

function Result({ answer }: { answer: LicenceCheckAnswer }) {
  const t = useT();
  if (answer.signature === 'invalid') {
    return (
      <div className="verdict verdict--invalid" role="alert" data-verdict="invalid">
        <p className="verdict__headline">✗ {t(TEXT.invalid)}</p>
        <p>{t(PROBLEM[answer.problem])}</p>
      </div>
    );
  }
  const { licence, registry, reviewFlag } = answer;
  const status = registry === 'active' ? t(TEXT.active) : registry === 'deregistered' ? t(TEXT.deregistered, { date: licence.deregisteredOn ?? '' }) : t(TEXT.unknown);
  return (
    <>
      <div className={`verdict verdict--${registry === 'active' && !reviewFlag ? 'valid' : 'attention'}`} role="status" data-verdict="valid" data-registry={registry}>
        <p className="verdict__headline">✓ {t(TEXT.valid)}</p>
        <p>
          <strong>{t(TEXT.statusLabel)}</strong>
          {status}
        </p>
        {reviewFlag && (
          <p className="verdict__flag" data-flag>
            {t(TEXT.flagged, { reason: t(reviewFlag.reason), since: reviewFlag.since })}
          </p>
        )}
      </div>
      <h2>{t(TEXT.fieldsHeading)}</h2>
      <dl className="licence-fields">
        {FIELDS.map(([label, value]) => {
          const shown = value(licence);
          return (
            <div key={label['zh-CN']} className="licence-fields__row">
              <dt>{t(label)}</dt>
              <dd>
                {shown === null ? (
                  <span className="muted">{t(TEXT.notRecorded)}</span>
                ) : Array.isArray(shown) ? (
                  shown.length === 0 ? t(TEXT.none) : shown.join('；')
                ) : (
                  shown
                )}
              </dd>
            </div>
          );
        })}
      </dl>
    </>
  );
}
