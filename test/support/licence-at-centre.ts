/**
 * A kiosk with its own registry (SQLite) and signing key, enrolled at a test centre:
 * it approves a registration, confirms the issue to the centre through the real
 * /v1/issue (with the printed fields), and prints the slip whose QR code a phone would
 * scan, through the kiosk's own print path (renderPrintDocument, the centre configured).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type pg from 'pg';
import { addKiosk } from '../../centre/kiosks';
import { CentreClient } from '../../core/centre/centre-client';
import { printedFieldsOf } from '../../core/centre/printed-fields';
import { printedLicence, renderPrintDocument, type DocumentSources } from '../../core/printing/print-documents';
import { initSigningKey, type SigningKey } from '../../core/signing/kiosk-keys';
import { APPROVED, idNumber, openRegistryIn, registration, type TestRegistry } from './registry';

export interface KioskAtCentre {
  registry: TestRegistry;
  key: SigningKey;
  /** Approves registration n at the kiosk; `confirm` also issues it at the centre (`printed`: with the printed fields). Returns the credit code. */
  approve(n: number, options?: { confirm?: boolean; printed?: boolean }): Promise<string>;
  /** The text of the QR code on the licence's slip. */
  qrText(creditCode: string): Promise<string>;
}

export async function kioskAtCentre(centre: { url: string; pool: pg.Pool }, dir: string, kioskId = 'LG-PH-01'): Promise<KioskAtCentre> {
  mkdirSync(dir, { recursive: true });
  const registry = openRegistryIn(dir, { kioskId });
  const { key } = initSigningKey(join(dir, 'keys'));
  const { code } = await addKiosk(centre.pool, kioskId);
  await CentreClient.enrol({ url: centre.url, kioskId, privateKey: key.privateKey, publicKey: key.publicKey, code });
  const client = new CentreClient({ url: centre.url, kioskId, privateKey: key.privateKey });
  const sources = {
    licence: (creditCode: string) => registry.registry.licence(creditCode),
    font: () => {
      throw new Error('only slips are printed here');
    },
    signingKey: key,
    centreUrl: centre.url,
  };

  return {
    registry,
    key,
    async approve(n, { confirm = true, printed = true } = {}) {
      const application = registry.registry.submit(registration(n));
      const { licence } = registry.registry.decide(application.id, APPROVED);
      if (!licence) throw new Error('the test registration was not approved');
      if (confirm) {
        await client.issue({
          applicationId: application.id,
          creditCode: licence.creditCode,
          districtCode: licence.houseCode.slice(0, 6),
          houseCode: licence.houseCode,
          name: null,
          maxBusinessesAtAddress: 100,
          fullName: licence.name,
          operatorName: licence.operatorName,
          operatorIdNumber: idNumber(n),
          issuedAt: licence.issuedAt,
          // Without the printed fields, as an older kiosk sent it: only the place and the form.
          ...(printed ? { printed: printedFieldsOf(printedLicence(licence)) } : { premisesAddress: licence.premisesAddress, compositionForm: licence.compositionForm }),
        });
      }
      return licence.creditCode;
    },
    qrText: (creditCode) => slipQrText(sources, creditCode),
  };
}

/** The text of the QR code on a licence's slip, rendered by the kiosk's own print path from these sources. */
export async function slipQrText(sources: DocumentSources, creditCode: string): Promise<string> {
  const slip = await renderPrintDocument(sources, creditCode, 'slip', 'thermal');
  if (slip.format !== 'slip') throw new Error('expected a slip');
  const qr = slip.slip.elements.find((element) => element.kind === 'qr');
  if (!qr) throw new Error('the slip has no QR code');
  return qr.payload;
}
