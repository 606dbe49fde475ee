// The shape of the hall's figures (GET /statistics; figures.ts computes them and says what each
// one means), with no server imports so that the web pages can `import type` it.

export interface Ratio {
  readonly value: number | null;
  readonly numerator: number;
  readonly denominator: number;
  readonly note: string | null;
}

export interface HallFigures {
  readonly from: string;
  readonly to: string;
  readonly orgUnit: string | null;
  readonly cases: number;
  readonly byUnit: { orgUnit: string; name: string; level: string; cases: number }[];
  readonly byVolume: { volume: string; name: string; cases: number }[];
  readonly bySubItem: { subItemCode: string; name: string | null; cases: number }[];
  readonly concluded: number;
  readonly onTimeRate: Ratio;
  readonly averageWorkingDaysToConclude: { readonly value: number | null; readonly cases: number };
  readonly instantShare: Ratio;
  readonly ratingRate: Ratio;
  readonly goodRatingRate: Ratio;
  readonly rectificationClosureRate: Ratio;
  readonly complaintClosureRate: Ratio;
  readonly townShare: Ratio;
}
