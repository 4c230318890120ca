// A build step is skipped only while every file it read is unchanged and its outputs exist.
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain ES module of the build, without types
import { isUpToDate, recordStamp } from '../../../scripts/build-stamp.mjs';

const upToDate = isUpToDate as (stampFile: string, outputs: string[]) => boolean;
const record = recordStamp as (stampFile: string, inputs: string[]) => void;

function scratch() {
  const dir = mkdtempSync(join(tmpdir(), 'build-stamp-'));
  const input = join(dir, 'input.ts');
  const output = join(dir, 'out.cjs');
  const stamp = join(dir, 'step.inputs');
  writeFileSync(input, 'export const a = 1;');
  writeFileSync(output, 'built');
  record(stamp, [input]);
  return { dir, input, output, stamp };
}

describe('build stamps', () => {
  it('skip a step whose inputs and outputs are as they were', () => {
    const { input, output, stamp } = scratch();
    expect(upToDate(stamp, [output])).toBe(true);
    writeFileSync(input, 'export const a = 2;');
    expect(upToDate(stamp, [output])).toBe(false);
  });

  it('skip a step whose inputs were only touched (a fresh clone), not changed', () => {
    const touched = scratch();
    utimesSync(touched.input, new Date(), new Date(Date.now() + 5000));
    expect(upToDate(touched.stamp, [touched.output])).toBe(true);
  });

  it('rebuild when an input changes at the same size, is deleted, or an output is missing, or without a stamp', () => {
    const sameSize = scratch();
    writeFileSync(sameSize.input, 'export const b = 1;');
    expect(upToDate(sameSize.stamp, [sameSize.output])).toBe(false);

    const deleted = scratch();
    rmSync(deleted.input);
    expect(upToDate(deleted.stamp, [deleted.output])).toBe(false);

    const noOutput = scratch();
    rmSync(noOutput.output);
    expect(upToDate(noOutput.stamp, [noOutput.output])).toBe(false);

    const noStamp = scratch();
    expect(upToDate(join(noStamp.dir, 'none.inputs'), [noStamp.output])).toBe(false);
  });

  it('watch an installed package by its package.json, not each of its files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'build-stamp-'));
    const stamp = join(dir, 'step.inputs');
    record(stamp, ['node_modules/react/cjs/react.production.js', 'node_modules/@tensorflow/tfjs-core/dist/index.js']);
    expect(Object.keys(JSON.parse(readFileSync(stamp, 'utf8')) as object).sort()).toEqual([
      'node_modules/@tensorflow/tfjs-core/package.json',
      'node_modules/react/package.json',
    ]);
  });
});
