// 会签 by departments, end to end over HTTP: a clerk opens a case for a sub-item whose dictionary
// entry is countersigned, the real workers take it to acceptance, the clerk pre-reviews, and each
// countersigning department finds its task in "my groups"; a person of that department claims and
// signs for it; the case moves on to the unified window when every department has signed (会签),
// or at the first department's signature (或签).
//
// The shipped dictionary's countersigned items name natural-resources, housing, fire-rescue,
// public-security, development-reform and ecology-environment; none names market-regulation or
// health. So the case here is 特殊建设工程消防设计审查 (housing + fire-rescue): approver2 signs for
// 消防, approver-housing (the demo 住建 approver) signs for 住建, and approver (市场监管) is the other
// department.
import { describe, expect, it } from 'vitest';
import type { Dictionary, SubItem } from '../../processes/dictionary/load.js';
import { apiSuite, type ErrorBody, type HttpClient } from '../support/api.js';
import { eventually } from '../support/wait.js';

const t = apiSuite('api-countersign', { workers: true });

const FIRE_DESIGN_REVIEW = '330A1600200001'; // 特殊建设工程消防设计审查: commitment, 会签 of housing and fire-rescue
const company = { kind: 'enterprise', name: '青山新材料有限公司', creditCode: '91350100M000100Y43', phone: '13900002222', contact: '李经理' };

interface Task {
  key: string;
  name: string;
  elementId: string;
  caseNo: string | null;
  state: 'created' | 'completed' | 'canceled';
  assignee: string | null;
  candidateGroups: string[];
}
interface Waiting {
  department: string;
  departmentName: string;
  claimedBy: string | null;
  claimedByName: string | null;
}
interface Signature {
  department: string;
  departmentName: string;
  signer: string;
  signerName: string | null;
  decision: string | null;
  opinion: string | null;
}
interface TaskDetail extends Task {
  countersign: { mode: string; signed: Signature[]; pending: Waiting[]; withdrawn: Waiting[] } | null;
  canClaim: boolean;
}
interface TaskList {
  items: Task[];
}

const asHousing = (): Promise<HttpClient> => t.as('approver-housing');

function subItem(code: string): SubItem {
  const found = t.api.api.ctx.dictionary().byCode.get(code);
  if (!found) throw new Error(`the dictionary has no sub-item ${code}`);
  return found;
}

const requiredMaterials = (code: string): { name: string }[] => subItem(code).materials.filter((m) => m.necessity === 'required').map((m) => ({ name: m.name }));

const caseStatus = async (caseNo: string): Promise<string | undefined> => (await t.sql<{ status: string }[]>`select status from app.cases where case_no = ${caseNo}`)[0]?.status;

/** Waits until `who` sees the open task at `elementId` of the case in `list`. */
function waitTask(who: HttpClient, caseNo: string, elementId: string, list = 'groups'): Promise<Task> {
  return eventually(async () => {
    const r = await who.get<TaskList>('/tasks', { list, pageSize: 200 });
    expect(r.status).toBe(200);
    return r.body.items.find((i) => i.caseNo === caseNo && i.elementId === elementId && i.state === 'created');
  }, 15_000, `${elementId} of ${caseNo} in ${list}`);
}

async function openTasks(who: HttpClient, caseNo: string, elementId: string): Promise<Task[]> {
  const r = await who.get<TaskList>('/tasks', { list: 'groups', pageSize: 200 });
  return r.body.items.filter((i) => i.caseNo === caseNo && i.elementId === elementId);
}

async function getTask(who: HttpClient, key: string): Promise<TaskDetail> {
  const r = await who.get<TaskDetail>(`/tasks/${key}`);
  expect(r.status).toBe(200);
  return r.body;
}

/** The clerk opens the case; the workers accept it; the clerk pre-reviews it. Returns the case number. */
async function openAndPreReview(): Promise<string> {
  const clerk = await t.as('clerk');
  const opened = await clerk.post<{ caseNo: string; processInstanceKey: string } | ErrorBody>('/cases', {
    subItemCode: FIRE_DESIGN_REVIEW,
    applicant: company,
    materials: requiredMaterials(FIRE_DESIGN_REVIEW),
  });
  if (opened.status !== 201 || !('caseNo' in opened.body)) throw new Error(`opening failed: ${String(opened.status)} ${JSON.stringify(opened.body)}`);
  const { caseNo } = opened.body;
  const preReview = await waitTask(clerk, caseNo, 'preReview');
  expect((await clerk.post(`/tasks/${preReview.key}/complete`, { preReviewOpinion: '材料齐全，转会签' })).status).toBe(200);
  return caseNo;
}

describe('会签 of a case opened at the seat: every department signs', () => {
  it('each department signs its own task; another department is refused; the case waits for the last department, then goes to the unified window', async () => {
    expect(subItem(FIRE_DESIGN_REVIEW).countersign).toEqual([{ step: 'approval', mode: 'countersign', candidateGroups: ['housing', 'fire-rescue'] }]);
    const caseNo = await openAndPreReview();
    const fireApprover = await t.as('approver2'); // 卫健、消防
    const housing = await asHousing();
    const market = await t.as('approver'); // 市场监管: not a countersigning department

    const fireTask = await waitTask(fireApprover, caseNo, 'countersignTask');
    const housingTask = await waitTask(housing, caseNo, 'countersignTask');
    expect(fireTask.candidateGroups).toEqual(['fire-rescue']);
    expect(housingTask.candidateGroups).toEqual(['housing']);
    expect(fireTask.assignee).toBeNull();
    // Each department sees only its own task; 市场监管 sees neither.
    expect((await openTasks(fireApprover, caseNo, 'countersignTask')).map((i) => i.key)).toEqual([fireTask.key]);
    expect((await openTasks(housing, caseNo, 'countersignTask')).map((i) => i.key)).toEqual([housingTask.key]);
    expect(await openTasks(market, caseNo, 'countersignTask')).toEqual([]);

    const refused = await market.post<ErrorBody>(`/tasks/${fireTask.key}/claim`);
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain('县消防救援大队');
    expect(refused.body.error.message).toContain('县市场监督管理局');
    const crossed = await housing.post<ErrorBody>(`/tasks/${fireTask.key}/complete`, { signature: { decision: 'approve', opinion: '同意' } });
    expect(crossed.status).toBe(403);
    expect(crossed.body.error.message).toContain('县消防救援大队');

    // 消防 claims and signs.
    const claimed = await fireApprover.post<TaskDetail>(`/tasks/${fireTask.key}/claim`);
    expect(claimed.status).toBe(200);
    expect(claimed.body.assignee).toBe('approver2');
    const fireSigned = await fireApprover.post<TaskDetail>(`/tasks/${fireTask.key}/complete`, { signature: { decision: 'approve', opinion: '消防设计符合规范' } });
    expect(fireSigned.status).toBe(200);

    // Half signed: the case still waits for 住建, and 住建's task shows who signed for 消防.
    const waiting = await getTask(housing, housingTask.key);
    expect(waiting.state).toBe('created');
    expect(waiting.canClaim).toBe(true);
    expect(waiting.countersign).toEqual({
      mode: 'countersign',
      signed: [expect.objectContaining({ department: 'fire-rescue', departmentName: '县消防救援大队', signer: 'approver2', signerName: '赵审批', decision: 'approve', opinion: '消防设计符合规范' })],
      pending: [{ department: 'housing', departmentName: '县住房和城乡建设局', claimedBy: null, claimedByName: null }],
      withdrawn: [],
    });
    expect(await caseStatus(caseNo)).toBe('approving');
    expect(await openTasks(await t.as('issuer'), caseNo, 'pickup')).toEqual([]);

    // 住建 signs (completing claims it on the way): every department has signed, the case moves on.
    expect((await housing.post(`/tasks/${housingTask.key}/complete`, { signature: { decision: 'approve', opinion: '同意' } })).status).toBe(200);
    const pickup = await waitTask(await t.as('issuer'), caseNo, 'pickup');
    expect(pickup.name).toBe('统一窗口出件');
    await eventually(async () => ((await caseStatus(caseNo)) === 'issuing' ? true : undefined), 10_000, 'the case waiting at the unified window');

    const summary = (await getTask(fireApprover, fireTask.key)).countersign;
    expect(summary?.pending).toEqual([]);
    expect(summary?.signed.map((s) => [s.departmentName, s.signerName, s.decision])).toEqual(
      expect.arrayContaining([
        ['县消防救援大队', '赵审批', 'approve'],
        ['县住房和城乡建设局', '吴审批', 'approve'],
      ]),
    );
    // The flow holds each department's signature, in the dictionary's order of departments.
    const [instance] = await t.sql<{ process_instance_key: string }[]>`select process_instance_key from app.cases where case_no = ${caseNo}`;
    if (!instance) throw new Error(`no case row for ${caseNo}`);
    expect(await t.engine.log.variable(instance.process_instance_key, 'signatures')).toEqual([
      { decision: 'approve', opinion: '同意', signer: 'approver-housing', department: 'housing' },
      { decision: 'approve', opinion: '消防设计符合规范', signer: 'approver2', department: 'fire-rescue' },
    ]);
    const trail = await t.sql`select actor, action from app.audit where subject_type = 'task' and subject_id = ${fireTask.key} order by id`;
    expect(trail.map((r) => `${String(r['actor'])}:${String(r['action'])}`)).toEqual(['engine:task.created', 'approver2:task.claim', 'approver2:task.complete']);
  });
});

describe('或签 of a case opened at the seat: the first department decides', () => {
  it('with the entry set to 或签, the first department to sign moves the case on and the other department\'s task is withdrawn', async () => {
    // No shipped entry is 或签; the dictionary in force (which designers edit) gets one.
    const ctx = t.api.api.ctx;
    const original = ctx.dictionary();
    const entry = subItem(FIRE_DESIGN_REVIEW);
    const anySign: SubItem = { ...entry, countersign: [{ step: 'approval', mode: 'anySign', candidateGroups: ['housing', 'fire-rescue'] }] };
    ctx.setDictionary({ ...original, byCode: new Map([...original.byCode, [FIRE_DESIGN_REVIEW, anySign]]) } as Dictionary);
    let caseNo: string;
    try {
      caseNo = await openAndPreReview();
    } finally {
      ctx.setDictionary(original);
    }
    const fireApprover = await t.as('approver2');
    const housing = await asHousing();
    const fireTask = await waitTask(fireApprover, caseNo, 'countersignTask');
    const housingTask = await waitTask(housing, caseNo, 'countersignTask');
    expect((await housing.post(`/tasks/${housingTask.key}/claim`)).status).toBe(200);

    expect((await fireApprover.post(`/tasks/${fireTask.key}/complete`, { signature: { decision: 'approve', opinion: '同意' } })).status).toBe(200);
    await waitTask(await t.as('issuer'), caseNo, 'pickup');
    const withdrawn = await getTask(housing, housingTask.key);
    expect(withdrawn.state).toBe('canceled');
    expect(withdrawn.countersign).toEqual({
      mode: 'anySign',
      signed: [expect.objectContaining({ department: 'fire-rescue', signer: 'approver2' })],
      pending: [],
      withdrawn: [{ department: 'housing', departmentName: '县住房和城乡建设局', claimedBy: 'approver-housing', claimedByName: '吴审批' }],
    });
    expect(await openTasks(housing, caseNo, 'countersignTask')).toEqual([]);
    const late = await housing.post<ErrorBody>(`/tasks/${housingTask.key}/complete`, { signature: { decision: 'reject', opinion: '不同意' } });
    expect(late.status).toBe(409);
    expect(late.body.error.message).toContain('撤回');
  });
});
