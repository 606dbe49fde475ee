// Reading a user-task job's headers the way Zeebe writes them (JSON array strings, ISO dates).
import { describe, expect, it } from 'vitest';
import { listHeader, taskHeaders } from '../../../api/tasks/job-headers.js';

describe('user-task job headers', () => {
  it('reads candidate groups and users from JSON array strings, the assignee, dates and the form key', () => {
    const h = taskHeaders({
      'io.camunda.zeebe:candidateGroups': '["market-regulation","health"]',
      'io.camunda.zeebe:candidateUsers': '["zhang.wei"]',
      'io.camunda.zeebe:assignee': 'li.na',
      'io.camunda.zeebe:dueDate': '2025-05-27T09:00:00+08:00',
      'io.camunda.zeebe:followUpDate': 'not a date',
      'io.camunda.zeebe:formKey': 'onewindow:approval',
    });
    expect(h.candidateGroups).toEqual(['market-regulation', 'health']);
    expect(h.candidateUsers).toEqual(['zhang.wei']);
    expect(h.assignee).toBe('li.na');
    expect(h.dueAt?.toISOString()).toBe('2025-05-27T01:00:00.000Z');
    expect(h.followUpAt).toBeNull();
    expect(h.formKey).toBe('onewindow:approval');
  });

  it('a task with no headers has no candidates, no assignee and no due date', () => {
    expect(taskHeaders({})).toEqual({ candidateGroups: [], candidateUsers: [], assignee: null, dueAt: null, followUpAt: null, formKey: null });
  });

  it('a hand-written comma list is read as a list rather than dropped; blanks and non-strings are ignored', () => {
    expect(listHeader('front-desk, issuing-window')).toEqual(['front-desk', 'issuing-window']);
    expect(listHeader('["a", "", 3, " b "]')).toEqual(['a', 'b']);
    expect(listHeader('   ')).toEqual([]);
    expect(listHeader(undefined)).toEqual([]);
  });
});
