import { useState } from 'react';
import { Fact } from '../components/Fact';
import { HouseCodeKeypad } from '../components/HouseCodeKeypad';
import { Step } from '../components/Step';
import type { ScreenProps } from './screen-props';

/**
 * The house code, then the address the core resolved from it for confirmation. The
 * digits typed live only in this screen; they go when it unmounts.
 */
export function HouseCodeScreen(props: ScreenProps) {
  const { session, m, send } = props;
  const j = m.journey;
  const [digits, setDigits] = useState(session.address?.houseCode ?? '');
  const [editing, setEditing] = useState(session.address === null);
  const address = session.address;
  const confirming = address !== null && !editing;

  return (
    <Step {...props} name="house-code" title={j.houseCodeTitle} instruction={confirming ? j.addressFound : j.houseCodeInstruction} back>
      {confirming ? (
        <div className="address-confirm" data-address-confirm>
          <dl className="facts facts--large">
            <Fact name="address" label={j.address} value={address.formatted} />
            <Fact name="usage" label={j.addressUsage} value={address.usage} />
            <Fact name="house-code" label={j.houseCodeTitle} value={address.houseCode} />
          </dl>
          <div className="actions">
            <button type="button" className="button" onClick={() => setEditing(true)}>
              {j.changeCode}
            </button>
            <button type="button" className="button button--primary button--wide" onClick={() => send({ type: 'CONFIRM_ADDRESS' })}>
              {j.confirmAddress}
            </button>
          </div>
        </div>
      ) : (
        <div className="house-code-entry">
          <HouseCodeKeypad digits={digits} onChange={setDigits} m={m} />
          <button
            type="button"
            className="button button--primary button--wide"
            data-submit
            disabled={digits.length === 0}
            onClick={() => {
              setEditing(false);
              send({ type: 'SUBMIT_HOUSE_CODE', houseCode: digits });
            }}
          >
            {j.lookUp}
          </button>
        </div>
      )}
    </Step>
  );
}
