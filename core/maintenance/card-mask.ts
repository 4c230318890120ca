/**
 * The ID reader's test read as a technician may see it: enough to tell that the card
 * was read correctly, not enough to identify the holder.
 */
import type { IdCardText } from '../../hardware/idcard/card-text';
import { maskIdNumber } from '../../rules/id-number';
import type { IdCardTestResult } from '../contract';

export function maskedCard(card: Pick<IdCardText, 'name' | 'sex' | 'idNumber' | 'validTo'>): Extract<IdCardTestResult, { read: true }>['card'] {
  const [first = '', ...rest] = Array.from(card.name.trim());
  return {
    name: first + '*'.repeat(rest.length),
    sex: card.sex,
    idNumberMasked: maskIdNumber(card.idNumber),
    validTo: card.validTo,
  };
}
