/**
 * What the renderer sees of a session with nobody in it: written out here, not taken
 * from the core, so tests of the wipe compare against an independent expectation.
 */
import type { SessionSnapshot } from '../../core/contract';

export const EMPTY_SNAPSHOT: SessionSnapshot = {
  state: 'attract',
  language: 'zh-CN',
  largeText: false,
  inactivityDeadline: null,
  inactivityWarning: false,
  service: null,
  problem: null,
  applicant: null,
  face: null,
  form: null,
  formProblems: [],
  address: null,
  licences: [],
  decision: null,
  printing: [],
  licence: null,
  counter: null,
};
