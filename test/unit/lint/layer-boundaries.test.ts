// The import boundaries between layers, proven by linting small fixtures placed
// (virtually) in each folder: a forbidden import fails, an allowed one passes.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function layerErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'local/layer-boundaries' || m.ruleId?.startsWith('no-restricted')).map((m) => m.message);
}

describe('layer boundaries', () => {
  it.each([
    ['rules/fixture.ts', "import { openDatabase } from '../core/storage/database';\nexport const x = openDatabase;", /rules\/ may not import from core\//],
    ['rules/fixture.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;", /Node built-in "node:fs"/],
    ['rules/fixture.ts', "export const today = () => new Date();", /rules are pure/],
    ['rules/fixture.ts', "export const now = () => Date.now();", /rules are pure/],
    ['hardware/fixture.ts', "import { app } from 'electron';\nexport const x = app;", /hardware\/ may not import "electron"/],
    ['hardware/fixture.ts', "import { ContractServer } from '../core/ipc/contract-server';\nexport const x = ContractServer;", /hardware\/ may not import from core\//],
    ['core/fixture.ts', "import { useState } from 'react';\nexport const x = useState;", /core\/ may not import "react"/],
    ['core/deep/fixture.ts', "export const x = () => import('electron');", /core\/ may not import "electron"/],
    ['renderer/src/fixture.ts', "import { SessionService } from '../../core/session/session-service';\nexport const x = SessionService;", /renderer\/ may not import from core\//],
    ['renderer/src/fixture.ts', "import { contract } from '../../core/contract';\nexport const x = contract;", /only with `import type`/],
    ['renderer/src/fixture.ts', "import { SimulatedDevice } from '../../hardware/simulated-device';\nexport const x = SimulatedDevice;", /renderer\/ may not import from hardware\//],
    ['renderer/src/fixture.ts', "import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;", /renderer\/ may not import "electron"/],
    ['centre/fixture.ts', "import { SimulatedDevice } from '../hardware/simulated-device';\nexport const x = SimulatedDevice;", /centre\/ may not import from hardware\//],
    ['centre/deep/fixture.ts', "import { openDatabase } from '../../core/storage/database';\nexport const x = openDatabase;", /centre\/ may not import from core\//],
    ['centre/fixture.ts', "export const x = () => import('electron');", /centre\/ may not import "electron"/],
    ['centre/fixture.ts', "import { App } from '../renderer/src/App';\nexport const x = App;", /centre\/ may not import from renderer\//],
    ['protocol/fixture.ts', "import { SessionService } from '../core/session/session-service';\nexport const x = SessionService;", /protocol\/ may not import from core\//],
    ['centre/web/src/fixture.ts', "import { StaffAccess } from '../../staff/access';\nexport const x = StaffAccess;", /centre\/web\/ may not import from centre\//],
    ['centre/web/src/fixture.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;", /Node built-in "node:fs"/],
    ['centre/staff/fixture.ts', "import { App } from '../web/src/App';\nexport const x = App;", /centre\/ may not import from centre\/web\//],
  ])('%s: forbidden import fails lint', async (file, code, expected) => {
    const errors = await layerErrors(file, code);
    expect(errors.join('\n')).toMatch(expected);
  });

  it.each([
    ['rules/fixture.ts', "import { z } from 'zod';\nexport const x = z;"],
    ['hardware/fixture.ts', "import type { StatusReason } from './device';\nimport { maskIdNumber } from '../rules/id-number';\nexport const x: StatusReason = 'jam';\nexport const y = maskIdNumber;"],
    ['core/fixture.ts', "import { SimulatedDevice } from '../hardware/simulated-device';\nexport const x = SimulatedDevice;"],
    ['core/fixture.ts', "import { FactsAnswer } from '../protocol/centre';\nexport const x = FactsAnswer;"],
    ['centre/fixture.ts', "import { FactsRequest } from '../protocol/centre';\nimport { validateIdNumber } from '../rules/id-number';\nimport pg from 'pg';\nexport const x = [FactsRequest, validateIdNumber, pg];"],
    ['electron/fixture.ts', "import { app } from 'electron';\nimport { ContractServer } from '../core/ipc/contract-server';\nexport const x = [app, ContractServer];"],
    ['renderer/src/fixture.ts', "import type { KioskBridge } from '../../core/contract';\nimport { useState } from 'react';\nexport const x = useState;\nexport type B = KioskBridge;"],
    ['protocol/fixture.ts', "import { validateCreditCode } from '../rules/credit-code';\nexport const x = validateCreditCode;"],
    ['centre/web/src/fixture.tsx', "import { STAFF_ROLES } from '../../../protocol/centre-staff';\nimport { useState } from 'react';\nexport const x = [STAFF_ROLES, useState];"],
  ])('%s: allowed import passes lint', async (file, code) => {
    expect(await layerErrors(file, code)).toEqual([]);
  });
});
