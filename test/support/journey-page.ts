/// <reference lib="dom" />
// (page.evaluate callbacks run in the page: they need the DOM types.)
/**
 * The applicant's hands and eyes in Chromium, written once for the journey tests and
 * `npm run demo`: wait for a screen, touch buttons by their visible words, type on the
 * keypad, and keep a screenshot of every screen with an axe-core check beside it.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { SessionSnapshot } from '../../core/contract';
import { decodeImage } from '../../core/face/image-file';
import { startBrowserHost, type BrowserHost } from '../../core/host/browser-host';
import { FIXTURE_CARDS, FIXTURE_PHOTO_DIR, type FixtureCardName } from '../../hardware/idcard/fixtures';
import { encodeBmp24 } from './bmp-writer';
import { ARTIFACTS, launchChromium } from './chromium';
import { startTestCore, type TestCore } from './core';
import { ensureSampleSet, samplePicture, y4mFromImage } from './face-samples';
import { enterDigits, enterWords, openKeyboard, tapLetters, type PinyinWord } from './touch-keyboard';

export type ScreenName = SessionSnapshot['state'];
export const SCREENSHOTS = join(ARTIFACTS, 'screens');
const AXE = join(process.cwd(), 'node_modules', 'axe-core', 'axe.min.js');

/** Chromium with a fake camera streaming `y4m` (a looping still picture), or with no camera flags. */
export function launchJourneyBrowser(options: { y4m?: string; headless?: boolean } = {}): Promise<Browser> {
  const camera = options.y4m ? ['--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${options.y4m}`, '--use-fake-ui-for-media-stream'] : [];
  return launchChromium(camera, { headless: options.headless ?? true });
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: number;
}

/** What the simulated applicant enters on the details screen, all by touch. */
export interface BusinessDetails {
  /**
   * null: register without a name. The trade name is tapped in pinyin and picked from
   * the candidates; the industry is one of the wordings offered for the scope; the
   * organisation form one of the form chips.
   */
  name: { tradeName: readonly PinyinWord[]; industry: string; organisationForm: string } | null;
  /** Pinyin initials tapped into the scope search, and the catalogue code then picked. */
  scope: { initials: string; code: string };
  composition?: '个人经营' | '家庭经营';
  phone: string;
}

export interface JourneyPageOptions {
  /** Keep a screenshot of every screen visited, with its axe check (on by default). */
  capture?: boolean;
  /** Prefix of the screenshot names, e.g. 'registration'. */
  prefix?: string;
  /** Where screenshots go; test-artifacts/e2e/screens by default. */
  dir?: string;
  /** A pause on every screen, so a person watching can follow (npm run demo). */
  pauseMs?: number;
}

export class JourneyPage {
  /** Serious or critical axe findings by screenshot name; empty when every screen passed. */
  readonly violations: Record<string, AxeViolation[]> = {};
  /** Milliseconds from an applicant's touch until the next screen showed, by step. */
  readonly responseMs: Record<string, number> = {};
  private shot = 0;
  private options: Required<JourneyPageOptions> = { capture: true, prefix: 'journey', dir: SCREENSHOTS, pauseMs: 0 };

  private constructor(readonly page: Page) {}

  configure(options: JourneyPageOptions): this {
    this.options = { ...this.options, ...options };
    this.shot = 0;
    for (const key of Object.keys(this.violations)) delete this.violations[key];
    for (const key of Object.keys(this.responseMs)) delete this.responseMs[key];
    return this;
  }

  /**
   * A kiosk-sized page. CSP is bypassed only so axe-core can be injected; the page also
   * counts the camera streams it opens, so a test can see that the camera was stopped.
   */
  static async open(browser: Browser, url: string, viewport = { width: 1280, height: 1024 }): Promise<JourneyPage> {
    const context = await browser.newContext({ viewport, bypassCSP: true, hasTouch: true });
    const page = await context.newPage();
    await page.addInitScript(() => {
      const media = navigator.mediaDevices;
      if (!media?.getUserMedia) return;
      const streams: MediaStream[] = [];
      (window as unknown as { __kioskStreams: MediaStream[] }).__kioskStreams = streams;
      const open = media.getUserMedia.bind(media);
      media.getUserMedia = async (constraints) => {
        const stream = await open(constraints);
        streams.push(stream);
        return stream;
      };
    });
    await page.goto(url);
    return new JourneyPage(page);
  }

  async screen(name: ScreenName | 'notice', timeout = 15_000): Promise<void> {
    try {
      await this.page.locator(`[data-screen="${name}"]`).waitFor({ timeout });
    } catch (error) {
      throw await this.stuck(`the ${name} screen`, error);
    }
  }

  /** Says where the kiosk is instead, with a screenshot, so a failed wait explains itself. */
  private async stuck(wanted: string, error: unknown): Promise<Error> {
    const shown = await this.currentScreen().catch(() => null);
    const problems = await this.problemCodes().catch(() => []);
    mkdirSync(this.options.dir, { recursive: true });
    await this.page.screenshot({ path: join(this.options.dir, `${this.options.prefix}-failed.png`), fullPage: true }).catch(() => undefined);
    return new Error(`waited for ${wanted}, the kiosk shows ${shown ?? 'nothing'}${problems.length ? ` with problems ${problems.join(', ')}` : ''}: ${(error as Error).message.split('\n')[0]}`);
  }

  /** Waits for whichever of `names` shows first and returns it. */
  async oneOf(names: readonly ScreenName[], timeout = 15_000): Promise<ScreenName> {
    const selector = names.map((n) => `[data-screen="${n}"]`).join(', ');
    await this.page.locator(selector).first().waitFor({ timeout }).catch(async (error: unknown) => {
      throw await this.stuck(names.join(' or '), error);
    });
    return (await this.currentScreen()) as ScreenName;
  }

  /** Waits for a screen and, when capturing, keeps its screenshot and axe findings under `label`. */
  async visit(name: ScreenName, label: string = name, timeout = 15_000): Promise<void> {
    await this.screen(name, timeout);
    if (this.options.pauseMs) await this.page.waitForTimeout(this.options.pauseMs);
    if (!this.options.capture) return;
    this.shot += 1;
    const file = `${this.options.prefix}-${String(this.shot).padStart(2, '0')}-${label}`;
    const found = await this.capture(file);
    if (found.length) this.violations[file] = found;
  }

  /** Does `action` and waits for `next`, noting how long the kiosk took to answer under `step`. */
  async answer(step: string, next: ScreenName, action: () => Promise<void>, timeout = 15_000): Promise<void> {
    const started = performance.now();
    await action();
    await this.screen(next, timeout);
    this.responseMs[step] = (this.responseMs[step] ?? 0) + (performance.now() - started);
  }

  // ---- The applicant's journey, step by step (zh-CN, the default language) ----

  /** attract → welcome → consent (both given) → the ID card step. */
  async startService(service: 'registration' | 'deregistration'): Promise<void> {
    await this.visit('attract');
    await this.answer('start', 'welcome', () => this.tap(/轻触屏幕开始办理/));
    await this.visit('welcome');
    await this.answer('service', 'consent', () => this.tap(service === 'registration' ? /办理营业执照/ : /注销营业执照/));
    await this.visit('consent');
    await this.page.locator('[data-consent="general"]').click();
    await this.page.locator('[data-consent="face"]').click();
    await this.answer('consent', 'idcard', () => this.tap('继续办理'));
    await this.visit('idcard');
  }

  /** Waits through the face check (the fake camera's face) until `next`. */
  async passFaceCheck(next: ScreenName): Promise<void> {
    // Card read, ID photo described, camera frames analysed and matched: all the kiosk's time, less the screenshot's.
    const started = performance.now();
    await this.screen('face', 60_000);
    const faceShown = performance.now();
    await this.visit('face', 'face', 60_000);
    const captured = performance.now();
    await this.screen(next, 90_000);
    this.responseMs['card+face'] = faceShown - started + (performance.now() - captured);
  }

  /**
   * A face that does not match: touches "try again" after each failed attempt until the
   * kiosk sends the applicant on to `next` (the referral). Returns the retries made.
   */
  async retryFaceUntil(next: ScreenName): Promise<number> {
    await this.visit('face', 'face', 60_000);
    const outcome = this.page.locator(`[data-screen="${next}"], [data-phase="failed"]`).first();
    for (let retries = 0; ; retries += 1) {
      await outcome.waitFor({ timeout: 90_000 });
      if ((await this.currentScreen()) === next) return retries;
      if (retries === 0) await this.visit('face', 'face-no-match');
      await this.tap('重试');
      await this.page.locator(`[data-screen="${next}"], [data-phase="matching"]`).first().waitFor();
    }
  }

  async fillDetails(details: BusinessDetails): Promise<void> {
    await this.visit('details');
    await this.chooseScope(details.scope);
    if (details.name === null) await this.tap('不使用名称');
    else {
      await enterWords(this.page, 'tradeName', details.name.tradeName);
      await this.page.locator(`[data-industry-terms="scope"] [data-industry-term="${details.name.industry}"]`).tap();
      await this.page.getByRole('group', { name: '组织形式' }).getByRole('button', { name: details.name.organisationForm, exact: true }).tap();
    }
    if (details.composition) await this.tap(details.composition);
    await enterDigits(this.page, 'phone', details.phone);
  }

  /** Taps the scope's pinyin initials into its search and picks the item. */
  async chooseScope(scope: BusinessDetails['scope']): Promise<void> {
    const keyboard = await openKeyboard(this.page, 'scopeSearch');
    await tapLetters(keyboard, scope.initials);
    await this.page.locator(`[data-scope-item="${scope.code}"]`).tap();
    await this.page.locator(`[data-scope-chip="${scope.code}"]`).waitFor();
    await keyboard.locator('[data-keyboard-done]').tap();
  }

  /** The form's live problems as the screen shows them, by field. */
  async formProblems(): Promise<Record<string, string>> {
    const entries = await this.page.locator('[data-problem-field]').evaluateAll((nodes) => nodes.map((n) => [n.getAttribute('data-problem-field') ?? '', n.textContent ?? '']));
    return Object.fromEntries(entries);
  }

  async submitDetails(): Promise<void> {
    await this.answer('details', 'house-code', () => this.tap('下一步'));
  }

  /** Types the code on the keypad and asks for its address; the address (or problem) shows on the same screen. */
  async lookUpHouseCode(code: string): Promise<void> {
    await this.visit('house-code');
    await this.page.locator('[data-key="clear"]').click();
    await this.typeHouseCode(code);
    const before = await this.page.evaluate(() => document.querySelector('[data-problem]')?.textContent ?? null);
    await this.tap('查询地址');
    // The answer is the address to confirm, or a problem other than the one shown before.
    await this.page.waitForFunction((previous) => {
      const problem = document.querySelector('[data-problem]');
      return document.querySelector('[data-address-confirm]') !== null || (problem !== null && problem.textContent !== previous);
    }, before);
  }

  async confirmAddress(): Promise<void> {
    await this.visit('house-code', 'house-code-address');
    await this.answer('address', 'review', () => this.tap('地址正确，继续'));
  }

  /** review → deciding → decision; returns the outcome shown. */
  async submitForDecision(): Promise<string | null> {
    await this.visit('review');
    await this.answer('decision', 'decision', () => this.tap('确认提交'));
    await this.visit('decision');
    return this.page.locator('[data-outcome]').getAttribute('data-outcome');
  }

  /** decision → printing → done → rating → attract. */
  async collectAndRate(stars: 1 | 2 | 3 | 4 | 5 = 5): Promise<void> {
    await this.tap('继续办理');
    // Printing can finish before its screen is seen.
    if ((await this.oneOf(['printing', 'done'], 60_000)) === 'printing') await this.visit('printing');
    await this.finishAndRate(stars);
  }

  /** done (after printing) → rating → attract. */
  async finishAndRate(stars: 1 | 2 | 3 | 4 | 5 = 5): Promise<void> {
    await this.visit('done', 'done', 60_000);
    await this.answer('done', 'rating', () => this.tap('完成'));
    await this.visit('rating');
    await this.answer('rating', 'attract', () => this.page.locator(`[data-stars="${stars}"]`).click());
  }

  async currentScreen(): Promise<string | null> {
    return this.page.locator('[data-screen]').first().getAttribute('data-screen');
  }

  /** Touches the button whose accessible name matches. */
  async tap(name: string | RegExp): Promise<void> {
    await this.page.getByRole('button', { name, exact: typeof name === 'string' }).click();
  }

  async typeHouseCode(code: string): Promise<void> {
    for (const digit of code) await this.page.locator(`[data-key="${digit}"]`).click();
  }

  /** The instruction text of the current step. */
  async instruction(): Promise<string> {
    return (await this.page.locator('[data-instruction]').first().textContent()) ?? '';
  }

  async problemCodes(): Promise<string[]> {
    return this.page.locator('[data-problem]').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-problem') ?? ''));
  }

  /** Camera tracks the page opened that are still live. */
  async liveCameraTracks(): Promise<number> {
    return this.page.evaluate(() =>
      ((window as unknown as { __kioskStreams?: MediaStream[] }).__kioskStreams ?? []).flatMap((s) => s.getTracks()).filter((t) => t.readyState === 'live').length,
    );
  }

  /** axe-core's serious and critical findings on the page as it is now. */
  async accessibilityViolations(): Promise<AxeViolation[]> {
    if (!(await this.page.evaluate(() => 'axe' in window))) await this.page.addScriptTag({ path: AXE });
    const found = await this.page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(ctx: Document, options: object): Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: unknown[] }> }> } }).axe;
      const result = await axe.run(document, { resultTypes: ['violations'] });
      return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length }));
    });
    return found.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  }

  /** Keeps a screenshot as a test artifact and returns the screen's serious or critical axe findings. */
  async capture(name: string): Promise<AxeViolation[]> {
    const dir = this.options.dir;
    mkdirSync(dir, { recursive: true });
    // Let the screen settle (fonts, the catalogue's first answer) before the picture.
    await this.page.evaluate(() => document.fonts.ready.then(() => undefined));
    await this.page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
    return this.accessibilityViolations();
  }
}

export interface JourneyKiosk {
  core: TestCore;
  host: BrowserHost;
  browser: Browser;
  kiosk: JourneyPage;
  /** From starting the browser host until the attract screen showed in the (already running) browser. */
  hostReadyMs: number;
  configure(prefix: string, options?: Omit<JourneyPageOptions, 'prefix'>): { kiosk: JourneyPage };
  /** Back to attract with the card taken off the reader, as after any applicant (also after a failed test). */
  reset(): Promise<void>;
  dispose(): Promise<void>;
}

export interface JourneyKioskOptions {
  /** Configuration overrides (KIOSK__...): the journey tests turn liveness off, a still camera cannot turn its head. */
  env?: NodeJS.ProcessEnv;
  headless?: boolean;
  /**
   * Which face sample each fixture card's photo is. The fake camera always shows p6-3
   * (live-plain); zhangWei's card carries another picture of p6-3, so the face check
   * passes; liXiuying's carries p6-4's face, so it fails.
   */
  cardPhotos?: Partial<Record<FixtureCardName, { person: string; picture: string }>>;
  viewport?: { width: number; height: number };
  /** A y4m for the fake camera instead of the still p6-3 live-plain, e.g. headTurnY4m's turning head for the liveness challenge. */
  cameraY4m?: string;
}

const CARD_PHOTOS: NonNullable<JourneyKioskOptions['cardPhotos']> = {
  zhangWei: { person: 'p6-3', picture: 'id-mirror-bright' },
  liXiuying: { person: 'p6-4', picture: 'id-plain' },
};

/**
 * A real kiosk core on simulated hardware behind the browser host, and Chromium with a
 * fake camera looking at one of the face samples: everything an applicant meets.
 */
export async function startJourneyKiosk(options: JourneyKioskOptions = {}): Promise<JourneyKiosk> {
  const set = await ensureSampleSet('quick');
  const dir = mkdtempSync(join(tmpdir(), 'journey-kiosk-'));
  // The simulated ID reader finds photos by file name under <appRoot>/hardware/idcard/fixture-photos.
  const photoDir = join(dir, FIXTURE_PHOTO_DIR);
  mkdirSync(photoDir, { recursive: true });
  for (const [card, photo] of Object.entries(options.cardPhotos ?? CARD_PHOTOS)) {
    const source = samplePicture(set, photo.person, photo.picture);
    const target = join(photoDir, FIXTURE_CARDS[card as FixtureCardName].photoFile);
    // A card whose photo is a BMP gets the picture as the vendor decoders write it.
    if (target.endsWith('.bmp')) writeFileSync(target, encodeBmp24(decodeImage(readFileSync(source), source)));
    else copyFileSync(source, target);
  }
  const y4m = options.cameraY4m ?? y4mFromImage(samplePicture(set, 'p6-3', 'live-plain'), join(dir, 'camera.y4m'));
  const core = await startTestCore(options.env ?? {}, { appRoot: dir });
  const browser = await launchJourneyBrowser({ y4m, headless: options.headless });
  const started = performance.now();
  const host = await startBrowserHost({ server: core.server, rendererDir: join(process.cwd(), 'dist', 'renderer'), port: 0 });
  const kiosk = await JourneyPage.open(browser, host.url, options.viewport);
  await kiosk.screen('attract');
  const hostReadyMs = performance.now() - started;
  // As the shells do once they serve: the first applicant at a kiosk never meets a cold core.
  await core.warmUp();
  return {
    core,
    host,
    browser,
    kiosk,
    hostReadyMs,
    /** Starts a new part of the journey: its screenshots get their own prefix and numbering. */
    configure(prefix: string, more: Omit<JourneyPageOptions, 'prefix'> = {}) {
      kiosk.configure({ ...more, prefix });
      return { kiosk };
    },
    async reset() {
      core.devices.simulation?.idcard.remove();
      if (core.session.snapshot().state !== 'attract') core.session.send({ type: 'CANCEL' });
      await kiosk.screen('attract');
    },
    async dispose() {
      await browser.close();
      await host.close();
      await core.dispose();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
