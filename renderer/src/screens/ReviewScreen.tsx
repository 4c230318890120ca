import { Fact } from '../components/Fact';
import { Step } from '../components/Step';
import type { SessionSnapshot } from '../contract';
import type { Messages } from '../i18n';
import { useScopeNames } from '../components/use-scope-names';
import type { BridgedScreenProps } from './screen-props';

function businessName(form: SessionSnapshot['form'], m: Messages): string {
  const name = form?.name;
  return name ? `${name.region}${name.tradeName}${name.industry}${name.organisationForm}` : m.journey.noName;
}

/** Everything that will be submitted, once, before the rules decide. */
export function ReviewScreen(props: BridgedScreenProps) {
  const { session, m, send } = props;
  const scopeName = useScopeNames(props.bridge, session.form?.scope ?? []);
  const j = m.journey;
  const { applicant, form, address, licence } = session;
  return (
    <Step {...props} name="review" title={j.reviewTitle} instruction={j.reviewInstruction} back>
      <dl className="facts facts--large">
        {applicant ? <Fact name="operator" label={j.operator} value={applicant.name} /> : null}
        {applicant ? <Fact name="id-number" label={j.idNumber} value={applicant.idNumberMasked} /> : null}
        {session.service === 'deregistration' && licence ? (
          <>
            <Fact name="licence-name" label={j.deregisterLicence} value={licence.name ?? j.noName} />
            <Fact name="credit-code" label={j.creditCode} value={licence.creditCode} />
            <Fact name="address" label={j.address} value={licence.address} />
          </>
        ) : null}
        {session.service === 'registration' && form ? (
          <>
            <Fact name="name" label={j.nameHeading} value={businessName(form, m)} />
            <Fact name="composition" label={j.composition} value={form.compositionForm} />
            <Fact name="scope" label={j.scopeHeading} value={form.scope.map(scopeName).join('、')} />
            <Fact name="phone" label={j.phone} value={form.phone} />
          </>
        ) : null}
        {session.service === 'registration' && address ? <Fact name="address" label={j.address} value={address.formatted} /> : null}
      </dl>
      <button type="button" className="button button--primary button--wide" data-submit onClick={() => send({ type: 'CONFIRM_REVIEW' })}>
        {j.submit}
      </button>
    </Step>
  );
}
