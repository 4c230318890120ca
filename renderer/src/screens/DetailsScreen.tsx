/**
 * 秒报: the operator's details come from the card; the applicant only chooses the scope,
 * the name (行政区划 fixed + 字号 + 行业 offered for the scope + 组织形式), 个人/家庭经营
 * and a phone, all by touch: text on the kiosk's own keyboard, the phone on a keypad.
 * Every change goes to the core at once; its live validation comes back as formProblems.
 */
import { useState } from 'react';
import { Fact } from '../components/Fact';
import { IndustryPicker, INDUSTRY_SEARCH_FIELD } from '../components/IndustryPicker';
import { ProblemNotice } from '../components/ProblemNotice';
import { ScopePicker } from '../components/ScopePicker';
import type { Language, SessionCommand, SessionSnapshot } from '../contract';
import { localized } from '../i18n';
import { OnScreenKeyboard } from '../input/OnScreenKeyboard';
import { TouchField } from '../input/TouchField';
import { useFieldEditing } from '../input/use-field-editing';
import type { BridgedScreenProps } from './screen-props';

type Patch = Extract<SessionCommand, { type: 'UPDATE_FORM' }>['patch'];
type NameField = 'tradeName' | 'industry' | 'organisationForm';
type Problem = SessionSnapshot['formProblems'][number];

const FIELDS = ['tradeName', 'industry', 'organisationForm', 'name', 'scope', 'compositionForm', 'phone'] as const;
/** A few common forms as one-touch shortcuts; the core checks any form typed. */
const COMMON_FORMS = ['店', '馆', '工作室', '中心', '行', '部'];
const PHONE_DIGITS = 11;

/** The UPDATE_FORM key a field is edited through: the name's parts all go through `name`. */
function patchKeyOf(field: string | undefined): string {
  return field === 'tradeName' || field === 'industry' || field === 'organisationForm' ? 'name' : (field ?? '');
}

function fieldOf(problem: Problem): string | undefined {
  return FIELDS.find((f) => problem.field === f || problem.field?.endsWith(`.${f}`));
}

export function DetailsScreen(props: BridgedScreenProps) {
  const { session, m, send, bridge } = props;
  const j = m.journey;
  const form = session.form;
  const [name, setName] = useState(() => ({
    tradeName: form?.name?.tradeName ?? '',
    industry: form?.name?.industry ?? '',
    organisationForm: form?.name?.organisationForm ?? '',
  }));
  const [phone, setPhone] = useState(form?.phone ?? '');
  // A field's problem shows once the applicant has worked on it, or tried to go on: an empty form is not an error yet.
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const update = (patch: Patch) => {
    setTouched((t) => new Set([...t, ...Object.keys(patch)]));
    send({ type: 'UPDATE_FORM', patch });
  };
  const shown = (p: Problem) => session.problem !== null || touched.has(patchKeyOf(fieldOf(p)));
  const problemOf = (field: (typeof FIELDS)[number]) => session.formProblems.find((p) => fieldOf(p) === field && shown(p)) ?? null;
  const otherProblems = session.formProblems.filter((p) => fieldOf(p) === undefined);
  const keyboard = useFieldEditing(session.largeText);

  const editName = (field: NameField, value: string) => {
    setName((n) => ({ ...n, [field]: value }));
    update({ name: { [field]: value } });
  };
  const nameField = (field: NameField, label: string, hint?: string) => (
    <TouchField label={label} field={field} lang="zh-CN" value={name[field]} placeholder={hint} invalid={problemOf(field) !== null} editing={keyboard.editing === field} onEdit={() => keyboard.edit(field === 'industry' ? INDUSTRY_SEARCH_FIELD : field)}>
      <FieldProblem problem={problemOf(field)} language={session.language} />
    </TouchField>
  );
  const editedName = keyboard.editing === 'tradeName' || keyboard.editing === 'organisationForm' ? keyboard.editing : null;
  const editPhone = (value: string) => {
    setPhone(value);
    update({ phone: value });
  };
  const withName = form?.name !== null;
  const scope = form?.scope ?? [];

  return (
    <main className="screen screen--step screen--details" data-screen="details">
      <header className="step__header">
        <h1>{j.detailsTitle}</h1>
      </header>
      <p className="instruction" data-instruction>
        {j.detailsInstruction}
      </p>
      {session.applicant ? (
        <dl className="facts" data-section="operator">
          <Fact label={j.operator} value={session.applicant.name} />
          <Fact label={j.idNumber} value={session.applicant.idNumberMasked} />
        </dl>
      ) : null}
      <ProblemNotice problem={session.problem} language={session.language} />
      {otherProblems.map((p) => (
        <FieldProblem key={p.code} problem={p} language={session.language} />
      ))}

      <section className="form-section" aria-labelledby="scope-heading" data-section="scope">
        <h2 id="scope-heading">{j.scopeHeading}</h2>
        <ScopePicker bridge={bridge} m={m} language={session.language} selected={scope} onChange={(codes) => update({ scope: codes })} keyboard={keyboard} />
        <FieldProblem problem={problemOf('scope')} language={session.language} />
      </section>

      <section className="form-section" aria-labelledby="name-heading" data-section="name">
        <h2 id="name-heading">{j.nameHeading}</h2>
        <div className="choices choices--compact" role="group" aria-labelledby="name-heading">
          <button type="button" className={`button${withName ? ' button--selected' : ''}`} aria-pressed={withName} onClick={() => update({ name: name })}>
            {j.withName}
          </button>
          <button type="button" className={`button${!withName ? ' button--selected' : ''}`} aria-pressed={!withName} data-no-name onClick={() => update({ name: null })}>
            {j.withoutName}
          </button>
        </div>
        {withName ? (
          <>
            <div className="name-builder">
              <div className="field">
                <span className="field__label">{j.region}</span>
                <span className="field__fixed" data-field="region">
                  {form?.name?.region ?? ''}
                </span>
              </div>
              {nameField('tradeName', j.tradeName, j.tradeNameHint)}
              {nameField('industry', j.industry, j.industryHint)}
              {nameField('organisationForm', j.organisationForm)}
            </div>
            {editedName ? (
              <OnScreenKeyboard key={editedName} m={m} anchor={editedName} value={name[editedName]} onChange={(value) => editName(editedName, value)} onDone={keyboard.done} elder={keyboard.elder} />
            ) : null}
            <IndustryPicker bridge={bridge} m={m} scope={scope} value={name.industry} onChoose={(term) => editName('industry', term)} keyboard={keyboard} />
            <div className="chips" role="group" aria-label={j.organisationForm}>
              {COMMON_FORMS.map((f) => (
                <button key={f} type="button" className="chip" onClick={() => editName('organisationForm', f)}>
                  {f}
                </button>
              ))}
            </div>
            <p className="name-preview" data-name-preview>
              {j.namePreview}：{`${form?.name?.region ?? ''}${name.tradeName}${name.industry}${name.organisationForm}`}
            </p>
            <FieldProblem problem={problemOf('name')} language={session.language} />
          </>
        ) : null}
      </section>

      <section className="form-section" aria-labelledby="composition-heading" data-section="composition">
        <h2 id="composition-heading">{j.composition}</h2>
        <div className="choices choices--compact" role="group" aria-labelledby="composition-heading">
          {(['个人经营', '家庭经营'] as const).map((c) => (
            <button key={c} type="button" className={`button${form?.compositionForm === c ? ' button--selected' : ''}`} aria-pressed={form?.compositionForm === c} onClick={() => update({ compositionForm: c })}>
              {c}
            </button>
          ))}
        </div>
      </section>

      <section className="form-section" data-section="phone">
        <TouchField label={j.phone} field="phone" type="tel" value={phone} placeholder={j.phoneHint} invalid={problemOf('phone') !== null} editing={keyboard.editing === 'phone'} onEdit={() => keyboard.edit('phone')} />
        {keyboard.editing === 'phone' ? <OnScreenKeyboard m={m} anchor="phone" value={phone} onChange={editPhone} onDone={keyboard.done} elder={keyboard.elder} modes={['digits']} maxLength={PHONE_DIGITS} /> : null}
        <FieldProblem problem={problemOf('phone')} language={session.language} />
      </section>

      <footer className="step__footer">
        <button type="button" className="button" onClick={() => send({ type: 'BACK' })}>
          {j.backStep}
        </button>
        <button type="button" className="button button--quiet" onClick={() => send({ type: 'CANCEL' })}>
          {j.cancel}
        </button>
        <button type="button" className="button button--primary button--wide" data-submit onClick={() => send({ type: 'SUBMIT_FORM' })}>
          {j.next}
        </button>
      </footer>
    </main>
  );
}

function FieldProblem({ problem, language }: { problem: Problem | null; language: Language }) {
  if (!problem) return null;
  return (
    <p className="problem problem--field" role="alert" data-problem={problem.code} data-problem-field={problem.field}>
      {localized(problem.message, language)}
    </p>
  );
}
