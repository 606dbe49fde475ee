// What the rating screens read and send (api/ratings: the QR link and the window 评价器).

/** GET /api/public/ratings/:token and GET /api/ratings/window/:caseNo. */
export interface RatingPage {
  readonly case: {
    readonly caseNo: string;
    readonly subItemName: string | null;
    readonly orgUnitName: string;
    readonly statusLabel: string;
    readonly concludedAt: string | null;
    readonly staffName: string | null;
    readonly ratable: boolean;
    readonly notRatableReason: string | null;
    readonly rating: { readonly channelLabel: string; readonly scoreLabel: string; readonly ratedAt: string } | null;
  };
  readonly choices: {
    readonly levels: readonly { readonly score: number; readonly label: string; readonly bad: boolean }[];
    readonly problems: readonly { readonly id: string; readonly label: string }[];
  };
}

/** The body both rating endpoints take (api/ratings/levels.ts ratingFields). */
export interface RatingInput {
  readonly score: number;
  readonly problems: readonly string[];
  readonly comment?: string;
}

/** The answer to a rating (RatingView, the parts a rater is shown). */
export interface RatingDone {
  readonly score: number;
  readonly scoreLabel: string;
  readonly bad: boolean;
}
