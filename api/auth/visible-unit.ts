// Which unit's cases a staff member may see (县镇两级): a town sub-centre sees only its own; the
// county sees every unit, or the one it asks for. The case list, 督办 and the statistics apply
// this one rule, so they cannot disagree about who sees what.
import { forbidden } from '../http/errors.js';
import type { Staff } from './roles.js';

/**
 * The unit to limit a reading to (undefined: all units), for `staff` asking for `asked`. A town
 * sub-centre asking for another unit is refused, the refusal naming `what` is being read.
 */
export function visibleUnit(staff: Staff, asked: string | undefined, what = '办件'): string | undefined {
  if (staff.orgLevel !== 'town') return asked;
  if (asked !== undefined && asked !== staff.orgUnit) throw forbidden(`镇街分中心只能查看本中心（${staff.orgUnit}）的${what}`);
  return staff.orgUnit;
}
