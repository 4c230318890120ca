/** TypeScript types of the contract's journey schemas (core/contract/journey.ts), as the session uses them. */
import type { z } from 'zod';
import type * as journey from '../contract/journey';

export type Problem = z.output<typeof journey.Problem>;
export type Service = z.output<typeof journey.Service>;
export type JourneyStep = z.output<typeof journey.JourneyStep>;
export type ApplicantView = z.output<typeof journey.ApplicantView>;
export type FaceView = z.output<typeof journey.FaceView>;
export type FaceFrame = z.output<typeof journey.FaceFrame>;
export type FormDraft = z.output<typeof journey.FormDraft>;
export type AddressView = z.output<typeof journey.AddressView>;
export type DecisionView = z.output<typeof journey.DecisionView>;
export type PrintJobView = z.output<typeof journey.PrintJobView>;
export type LicenceSummary = z.output<typeof journey.LicenceSummary>;
