/**
 * The application file `kioskctl rules check` reads: every fact of one application in
 * one JSON document (see README, "Application file"). It is the facts the rules take,
 * except that `today` may be left out (then it is today in Shenzhen) and the address
 * may be given by its house code alone, to be looked up in the address base.
 */
import { z } from 'zod';
import { AddressRecord, DeregistrationFacts, RegistrationFacts, type Facts } from '../../rules/approval/facts';
import { shenzhenDate } from '../registry/local-date';
import { DataFileError } from './data-file';

const today = RegistrationFacts.shape.today.optional();

export const ApplicationFile = z.discriminatedUnion('service', [
  RegistrationFacts.extend({ today, address: AddressRecord.extend({ exists: z.boolean().optional() }).strict() }).strict(),
  DeregistrationFacts.extend({ today }).strict(),
]);
export type ApplicationFile = z.output<typeof ApplicationFile>;

/** Looks a house code up in the address base (exists: false when it does not hold the code). */
export type AddressLookup = (houseCode: string) => AddressRecord;

export interface FactOptions {
  /** ISO date used when the file gives none. */
  today?: string;
  /** Without it, the address record must be given inline. */
  lookupAddress?: AddressLookup;
}

export function applicationFacts(application: ApplicationFile, source: string, options: FactOptions = {}): Facts {
  const day = application.today ?? options.today ?? shenzhenDate(new Date());
  if (application.service === 'deregistration') return { ...application, today: day };

  const { address } = application;
  if (address.exists !== undefined) return { ...application, today: day, address: { ...address, exists: address.exists } };
  const onlyHouseCode = Object.keys(address).every((key) => key === 'houseCode' || key === 'flagged');
  if (!onlyHouseCode) {
    throw new DataFileError(source, [{ field: 'address.exists', message: 'missing: an inline address record says whether the house code exists' }], 'invalid');
  }
  if (!options.lookupAddress) {
    throw new DataFileError(source, [{ field: 'address', message: 'give the address record inline (exists, usage, status, districtCode)' }], 'invalid');
  }
  return { ...application, today: day, address: options.lookupAddress(address.houseCode) };
}
