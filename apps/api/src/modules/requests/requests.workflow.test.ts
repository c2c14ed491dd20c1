import { describe, expect, it } from 'vitest';
import { AppError } from '../../lib/errors.js';
import { allowedTransitions, answersRequester, assertTransition, canReassign, REQUEST_FLOW } from './requests.workflow.js';

describe('request workflow', () => {
  it('follows new → assigned → in_progress → waiting_requester → in_progress → resolved → closed → reopened', () => {
    const path = ['new', 'assigned', 'in_progress', 'waiting_requester', 'in_progress', 'resolved', 'closed', 'reopened', 'in_progress'] as const;
    for (let i = 1; i < path.length; i++) expect(() => assertTransition(path[i - 1]!, path[i]!)).not.toThrow();
  });

  it('refuses a jump with 409 invalid_transition and the allowed states', () => {
    try {
      assertTransition('new', 'resolved');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).status).toBe(409);
      expect((e as AppError).code).toBe('invalid_transition');
      expect((e as AppError).details).toEqual({ from: 'new', to: 'resolved', allowed: ['assigned'] });
    }
    expect(() => assertTransition('closed', 'in_progress')).toThrow(AppError);
    expect(() => assertTransition('waiting_requester', 'resolved')).toThrow(AppError);
  });

  it('gives operators the work moves and the requester closing and reopening', () => {
    expect(allowedTransitions('in_progress', { operator: true, requester: false })).toEqual(['waiting_requester', 'resolved']);
    expect(allowedTransitions('in_progress', { operator: false, requester: true })).toEqual([]);
    expect(allowedTransitions('resolved', { operator: true, requester: false })).toEqual([]);
    expect(allowedTransitions('resolved', { operator: false, requester: true })).toEqual(['closed', 'reopened']);
    expect(allowedTransitions('reopened', { operator: true, requester: true })).toEqual(['assigned', 'in_progress']);
    expect(allowedTransitions('new', { operator: false, requester: false })).toEqual([]);
  });

  it('stops the first-response clock on asking the requester or resolving', () => {
    expect(answersRequester('waiting_requester')).toBe(true);
    expect(answersRequester('resolved')).toBe(true);
    expect(answersRequester('in_progress')).toBe(false);
  });

  it('allows reassignment until closed, and closed is reached only from resolved', () => {
    expect(canReassign('resolved')).toBe(true);
    expect(canReassign('closed')).toBe(false);
    const into = Object.entries(REQUEST_FLOW).filter(([, to]) => to.includes('closed')).map(([from]) => from);
    expect(into).toEqual(['resolved']);
  });
});
