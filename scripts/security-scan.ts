/**
 * `npm run security:scan`: Doyensec's Electronegativity over the Electron shell's
 * sources, fully offline, failing on any HIGH finding.
 *
 *   node --import tsx scripts/security-scan.ts [DIR]     (default: electron/)
 *
 * Offline, because CI has no network and a scan must not depend on one:
 * - Electronegativity fetches updated translations at start-up (`got`, 1 s timeout,
 *   "Could not retrieve updated translations") and, in AVAILABLE_SECURITY_FIXES,
 *   Electron's release list. `got` is replaced by a stub that answers 404 at once, so
 *   the bundled en-US texts are used; the release-list check is excluded (the Electron
 *   version is pinned in package-lock.json; advisories are `npm audit`'s job).
 * - The Electron version comes from the installed package, so version-dependent
 *   defaults (contextIsolation, sandbox...) are judged for the Electron we ship.
 * The scanner cannot see a CSP built by a function (core/host/security-headers.ts),
 * so its "no CSP" finding is replaced by its own CSP check run on the real policy.
 * The kiosk is held to a stricter bar than the scanner's defaults: an explicit
 * `nodeIntegration: true` is only INFORMATIONAL to it, and sandbox: false only MEDIUM;
 * both are HIGH here, since the page is untrusted.
 */
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { contentSecurityPolicy } from '../core/host/security-headers';

const require = createRequire(import.meta.url);
const SCANNER = '@doyensec/electronegativity';
/** Needs the network (Electron's release list on GitHub); see above. */
const NETWORK_CHECKS = ['availablesecurityfixesglobalcheck'];
/** Reported only when the option is on or not a literal: either way the page may reach Node. */
const ALWAYS_HIGH = new Set(['NODE_INTEGRATION_JS_CHECK', 'SANDBOX_JS_CHECK', 'CONTEXT_ISOLATION_JS_CHECK', 'WEB_SECURITY_JS_CHECK', 'INSECURE_CONTENT_JS_CHECK']);

export interface Finding {
  id: string;
  severity: 'HIGH' | 'MEDIUM' | 'LOW' | 'INFORMATIONAL';
  confidence: string;
  file: string;
  line: number;
  description: string;
  manualReview: boolean;
}

interface ScannerIssue {
  id: string;
  severity: { name: Finding['severity'] };
  confidence: { name: string };
  file: string;
  location: { line: number };
  description: string;
  manualReview?: boolean;
}

export interface ScanReport {
  checks: number;
  findings: Finding[];
  parseErrors: Array<{ file: string; message: string }>;
}

/** Keeps the scanner off the network: every HTTP request it makes gets a 404 at once. */
function stubScannerHttp(): void {
  const gotPath = createRequire(require.resolve(SCANNER)).resolve('got');
  const offline = async () => ({ statusCode: 404, body: '' });
  const stub = Object.assign(offline, { default: offline, get: offline });
  require.cache[gotPath] = { id: gotPath, filename: gotPath, loaded: true, exports: stub } as unknown as NodeJS.Module;
}

function toFinding(issue: ScannerIssue): Finding {
  return {
    id: issue.id,
    severity: ALWAYS_HIGH.has(issue.id) ? 'HIGH' : issue.severity.name,
    confidence: issue.confidence.name,
    file: issue.file,
    line: issue.location.line,
    description: issue.description,
    manualReview: issue.manualReview ?? false,
  };
}

/** The scanner's own CSP_GLOBAL_CHECK, given the policy the app really sends. */
async function checkRealCsp(): Promise<Finding[]> {
  const CspGlobalCheck = require(`${SCANNER}/dist/finder/checks/GlobalChecks/CSPGlobalCheck.js`) as new () => {
    perform(issues: unknown[]): Promise<ScannerIssue[]>;
  };
  const policy = contentSecurityPolicy();
  const issues = await new CspGlobalCheck().perform([
    { file: 'core/host/security-headers.ts', location: { line: 1, column: 0 }, properties: { CSPstring: policy }, visibility: { excludesGlobal: [] } },
  ]);
  return issues.map(toFinding);
}

export async function scanElectronSources(dir: string): Promise<ScanReport> {
  stubScannerHttp();
  const run = require(SCANNER) as (options: Record<string, unknown>, forCli: boolean) => Promise<{
    globalChecks: number;
    atomicChecks: number;
    errors: Array<{ file: string; message: string; tolerable: boolean }>;
    issues: ScannerIssue[];
  }>;
  const { version: electronVersion } = require('electron/package.json') as { version: string };
  const result = await run(
    { input: resolve(dir), isRelative: true, customScan: [], excludeFromScan: NETWORK_CHECKS, parserPlugins: [], electronVersionOverride: electronVersion },
    false,
  );
  let findings = result.issues.map(toFinding);
  if (findings.some((f) => f.id === 'CSP_GLOBAL_CHECK' && f.file === 'N/A')) {
    findings = [...findings.filter((f) => !(f.id === 'CSP_GLOBAL_CHECK' && f.file === 'N/A')), ...(await checkRealCsp())];
  }
  return {
    checks: result.globalChecks + result.atomicChecks,
    findings,
    parseErrors: result.errors.filter((e) => !e.tolerable).map(({ file, message }) => ({ file, message })),
  };
}

/** A scan fails on a HIGH finding or a file it could not parse (an unread file is an unchecked file). */
export function scanFailed(report: ScanReport): boolean {
  return report.parseErrors.length > 0 || report.findings.some((f) => f.severity === 'HIGH');
}

async function main(): Promise<void> {
  const dir = process.argv[2] ?? join(import.meta.dirname, '..', 'electron');
  const report = await scanElectronSources(dir);
  console.log(`security scan (Electronegativity, offline): ${report.checks} checks over ${dir}`);
  for (const f of report.findings) {
    const review = f.manualReview ? ' [manual review]' : '';
    console.log(`  ${f.severity.padEnd(13)} ${f.id} ${f.file}:${f.line}${review}\n    ${f.description}`);
  }
  for (const e of report.parseErrors) console.log(`  PARSE ERROR ${e.file}: ${e.message}`);
  const high = report.findings.filter((f) => f.severity === 'HIGH').length;
  console.log(`security scan: ${high} high, ${report.findings.length - high} other, ${report.parseErrors.length} unparsed`);
  if (scanFailed(report)) process.exitCode = 1;
}

if (process.argv[1] && resolve(process.argv[1]) === import.meta.filename) await main();
