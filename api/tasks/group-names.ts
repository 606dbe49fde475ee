// What a candidate group is called, for people reading a task or an error about it. Department
// ids (processes/dictionary/departments.json) double as groups; the hall's own groups are listed
// in processes/README.md ("Groups"). An id nobody knows is shown as it is.
import type { Dictionary } from '../../processes/dictionary/load.js';

const HALL_GROUPS: Readonly<Record<string, string>> = {
  'front-desk': '综合受理员',
  'issuing-window': '出件人员',
  supervisor: '督办',
  'complaint-window': '办不成事反映窗口',
};

export type GroupName = (id: string) => string;

export function groupNamer(dictionary: Dictionary): GroupName {
  return (id) => dictionary.departments.get(id)?.name ?? HALL_GROUPS[id] ?? id;
}

/** 「县住房和城乡建设局、县消防救援大队」, or 「无」 for no groups. */
export function groupList(ids: readonly string[], name: GroupName): string {
  return ids.length === 0 ? '无' : ids.map(name).join('、');
}
