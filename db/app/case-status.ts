// 办件状态: where a case stands, as one word in app.cases.status, with the national status code
// (domain.md §4: 1 已接件 … 15 撤销) that reports to the province use. One list for the api, the
// workers and the web app; who moves a case into each status is noted beside it.
export const CASE_STATUSES = [
  'received', //      已收件: the clerk opened the case, materials are being checked (api, on open)
  'supplementing', // 待补正: the one-time notice went out, waiting for the supplement (ow.one-time-notice, stage intake)
  'refused', //       不予受理 (ow.refuse) — final
  'accepted', //      已受理: the legal clock runs, pre-review next (ow.legal-clock start; instant items: on open once complete)
  'approving', //     审批中: in the back office (task inbox, when pre-review completes; ow.legal-clock resume)
  'suspended', //     中止计时: a supplement asked for during approval (ow.legal-clock suspend)
  'issuing', //       待出件: decided, the result is being issued or handed out (task inbox, on decision approve)
  'concluded', //     办结: final; `decision` says approve or reject (ow.rating-invitation, the flow's last step)
  'withdrawn', //     视为撤回: the supplement during approval never came (ow.legal-clock stop on that path) — final
  'canceled', //      已撤销: a supervisor canceled the case, with a reason (supervision) — final
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const CASE_STATUS_LABELS: Readonly<Record<CaseStatus, string>> = {
  received: '已收件',
  supplementing: '待补正',
  refused: '不予受理',
  accepted: '已受理',
  approving: '审批中',
  suspended: '中止计时',
  issuing: '待出件',
  concluded: '已办结',
  withdrawn: '视为撤回',
  canceled: '已撤销',
};

/** A case in one of these is over: no more tasks, ratable once concluded. */
export const FINAL_STATUSES: readonly CaseStatus[] = ['refused', 'concluded', 'withdrawn', 'canceled'];

/** The national 办件状态 code (1 已接件 … 15 撤销); a concluded case reads its decision. */
export function nationalStatusCode(status: CaseStatus, decision: string | null): number {
  switch (status) {
    case 'received':
      return 1;
    case 'supplementing':
      return 6;
    case 'refused':
      return 5;
    case 'accepted':
      return 3;
    case 'approving':
    case 'issuing':
      return 8;
    case 'suspended':
      return 6;
    case 'concluded':
      return decision === 'reject' ? 13 : 11;
    case 'withdrawn':
      return 14;
    case 'canceled':
      return 15;
  }
}
