/** Licences as stored in the registry, and the read-only queries over them. */
import type { CompositionForm } from '../../rules/approval/facts';
import type { KioskDatabase } from '../storage/database';
import { shenzhenDate } from './local-date';

export const LICENCE_TYPE = '个体工商户';
/** district 6 + street 3 + community 3 + grid 2 digits of the house code. */
export const GRID_CODE_LENGTH = 14;

export type LicenceStatus = 'active' | 'deregistered';

export interface Licence {
  creditCode: string;
  applicationId: string;
  /** The kiosk that issued it. */
  kioskId: string;
  name: string | null;
  type: typeof LICENCE_TYPE;
  operatorName: string;
  operatorIdNumberMasked: string;
  compositionForm: CompositionForm;
  premisesAddress: string;
  houseCode: string;
  /** Where the grid inspectors look for the premises. */
  gridCode: string;
  /** General items (一般经营项目), in order. */
  businessScope: string[];
  /** Items whose permit comes after registration (许可经营项目). */
  permitScope: string[];
  /** ISO date in Shenzhen. */
  registrationDate: string;
  /** ISO instant. */
  issuedAt: string;
  authorityRegion: string;
  authorityName: string;
  status: LicenceStatus;
  /** ISO instant, and the day in Shenzhen, deregistration took effect; null while active. */
  deregisteredAt: string | null;
  deregistrationDate: string | null;
}

export interface LicenceRow {
  credit_code: string;
  application_id: string;
  kiosk_id: string;
  name: string | null;
  type: string;
  operator_name: string;
  operator_id_masked: string;
  composition_form: string;
  premises_address: string;
  house_code: string;
  grid_code: string;
  business_scope: string;
  permit_scope: string;
  registration_date: string;
  issued_at: string;
  authority_region: string;
  authority_name: string;
  status: string;
  deregistered_at: string | null;
}

export function gridCodeOf(houseCode: string): string {
  return houseCode.slice(0, GRID_CODE_LENGTH);
}

export function toLicence(row: LicenceRow): Licence {
  return {
    creditCode: row.credit_code,
    applicationId: row.application_id,
    kioskId: row.kiosk_id,
    name: row.name,
    type: LICENCE_TYPE,
    operatorName: row.operator_name,
    operatorIdNumberMasked: row.operator_id_masked,
    compositionForm: row.composition_form as CompositionForm,
    premisesAddress: row.premises_address,
    houseCode: row.house_code,
    gridCode: row.grid_code,
    businessScope: JSON.parse(row.business_scope) as string[],
    permitScope: JSON.parse(row.permit_scope) as string[],
    registrationDate: row.registration_date,
    issuedAt: row.issued_at,
    authorityRegion: row.authority_region,
    authorityName: row.authority_name,
    status: row.status as LicenceStatus,
    deregisteredAt: row.deregistered_at,
    deregistrationDate: row.deregistered_at === null ? null : shenzhenDate(new Date(row.deregistered_at)),
  };
}

/**
 * Licences registered on or after `since` (ISO date), optionally only those whose grid
 * code starts with `gridPrefix` (a whole grid code, or its district, street or
 * community digits), ordered by grid, date and code.
 */
export function licencesRegisteredSince(db: KioskDatabase, since: string, gridPrefix = ''): Licence[] {
  return db
    .prepare<[{ since: string; grid: string }], LicenceRow>(
      `SELECT * FROM licences WHERE registration_date >= @since AND substr(grid_code, 1, length(@grid)) = @grid
        ORDER BY grid_code, registration_date, credit_code`,
    )
    .all({ since, grid: gridPrefix })
    .map(toLicence);
}
