// 叫号 service categories: what a ticket queues for, and so which seats may call it. The volumes
// of the dictionary decide the category of a sub-item at the county hall; a town sub-centre has a
// single 综合 counter line (its whole catalogue is one volume). 办不成事反映 is its own line at
// every unit, so a visitor who could not get something done never waits behind routine business.
import type { SubItem } from '../../processes/dictionary/load.js';
import type { OrgLevel, Volume } from '../../processes/dictionary/schema.js';

export interface QueueCategory {
  /** The letter that starts its ticket numbers (A012). */
  readonly id: string;
  readonly name: string;
  /** The dictionary volumes whose sub-items queue here (at the county hall). */
  readonly volumes: readonly Volume[];
  /** The units that offer this line. */
  readonly levels: readonly OrgLevel[];
}

export const QUEUE_CATEGORIES: readonly QueueCategory[] = [
  { id: 'A', name: '企业开办', volumes: ['enterprise-startup'], levels: ['county'] },
  { id: 'B', name: '社会事务', volumes: ['social-affairs'], levels: ['county'] },
  { id: 'C', name: '投资项目', volumes: ['investment-projects'], levels: ['county'] },
  { id: 'D', name: '综合', volumes: ['town-centres'], levels: ['county', 'town'] },
  { id: 'E', name: '办不成事反映', volumes: [], levels: ['county', 'town'] },
];

export const CATEGORY_IDS = QUEUE_CATEGORIES.map((c) => c.id);

export function categoryById(id: string): QueueCategory | undefined {
  return QUEUE_CATEGORIES.find((c) => c.id === id);
}

export function categoriesAt(level: OrgLevel): QueueCategory[] {
  return QUEUE_CATEGORIES.filter((c) => c.levels.includes(level));
}

/** The line a sub-item queues in at a unit of `level` (a town has only 综合 for its catalogue). */
export function categoryOf(item: SubItem, level: OrgLevel): QueueCategory {
  const general = QUEUE_CATEGORIES.find((c) => c.id === 'D');
  if (!general) throw new Error('queue category D (综合) is missing');
  if (level === 'town') return general;
  return QUEUE_CATEGORIES.find((c) => c.volumes.includes(item.volume) && c.levels.includes(level)) ?? general;
}
