import { AppError } from '@app/server/src/http/app-error';
import {
  addDays,
  daysUntil,
  deferredDue,
  dueInstant,
  effectiveStatus,
  generationWindow,
  isPastDue,
  mustBeOpen,
  percent,
  priorityFor,
  sourceKey,
  utcDay,
  utcTime,
} from '@app/server/src/modules/tasks/task-rules';

const at = (iso: string) => new Date(iso);

describe('task date rules', () => {
  it('takes UTC days and times of an instant', () => {
    expect(utcDay(at('2024-12-25T23:30:00.000Z'))).toBe('2024-12-25');
    expect(utcTime(at('2024-12-25T09:05:07.123Z'))).toBe('09:05:07');
  });

  it('adds calendar days across month and year ends, and leap days', () => {
    expect(addDays('2024-12-30', 3)).toBe('2025-01-02');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-03-01', -1)).toBe('2025-02-28');
    expect(daysUntil('2025-01-02', '2024-12-30')).toBe(3);
    expect(daysUntil('2024-12-29', '2024-12-30')).toBe(-1);
  });

  it('is due at the due time, or at the end of the due day when there is no time', () => {
    expect(dueInstant('2024-12-26', '10:00:00').toISOString()).toBe('2024-12-26T10:00:00.000Z');
    expect(dueInstant('2024-12-26', null).toISOString()).toBe('2024-12-27T00:00:00.000Z');
  });

  it('is past due from the due instant on', () => {
    const due = dueInstant('2024-12-26', '10:00:00');
    expect(isPastDue(due, at('2024-12-26T09:59:59.999Z'))).toBe(false);
    expect(isPastDue(due, at('2024-12-26T10:00:00.000Z'))).toBe(true);
    // A task due "on the 26th" is on time all day.
    expect(isPastDue(dueInstant('2024-12-26', null), at('2024-12-26T23:59:59.999Z'))).toBe(false);
  });

  it('shows an open task past due as overdue, and leaves finished ones alone', () => {
    const due = at('2024-12-26T10:00:00.000Z');
    const later = at('2024-12-26T11:00:00.000Z');
    expect(effectiveStatus('pending', due, later)).toBe('overdue');
    expect(effectiveStatus('in_progress', due, later)).toBe('overdue');
    expect(effectiveStatus('pending', due, at('2024-12-26T09:00:00.000Z'))).toBe('pending');
    expect(effectiveStatus('completed', due, later)).toBe('completed');
    expect(effectiveStatus('cancelled', due, later)).toBe('cancelled');
  });

  it('generates for the days from today through n days ahead', () => {
    expect(generationWindow(at('2024-12-30T18:00:00.000Z'), 3)).toEqual({ from: '2024-12-30', to: '2025-01-02' });
    expect(generationWindow(at('2024-12-30T00:00:00.000Z'), 0)).toEqual({ from: '2024-12-30', to: '2024-12-30' });
  });

  it('rates urgency by days left: today or tomorrow high, within 3 days medium, later low', () => {
    expect(priorityFor('2024-12-26', '2024-12-26')).toBe('high');
    expect(priorityFor('2024-12-27', '2024-12-26')).toBe('high');
    expect(priorityFor('2024-12-28', '2024-12-26')).toBe('medium');
    expect(priorityFor('2024-12-29', '2024-12-26')).toBe('medium');
    expect(priorityFor('2024-12-30', '2024-12-26')).toBe('low');
  });

  it('keys a generated task by type, source and due day', () => {
    expect(sourceKey('payment_reminder', 42, '2024-12-26')).toBe('payment_reminder:42:2024-12-26');
    expect(sourceKey('payment_reminder', 42, '2024-12-27')).not.toBe(sourceKey('payment_reminder', 42, '2024-12-26'));
  });

  describe('deferral', () => {
    const current = { dueDate: '2024-12-26', dueTime: '10:00:00', dueAt: at('2024-12-26T10:00:00.000Z') };
    const now = at('2024-12-25T12:00:00.000Z');

    it('moves the due later and keeps the time of day unless a new one is given', () => {
      expect(deferredDue(current, '2024-12-28', undefined, now)).toEqual({
        dueDate: '2024-12-28',
        dueTime: '10:00:00',
        dueAt: at('2024-12-28T10:00:00.000Z'),
      });
      expect(deferredDue(current, '2024-12-26', '15:30:00', now).dueAt.toISOString()).toBe('2024-12-26T15:30:00.000Z');
    });

    it('refuses a due that is not later than the current due', () => {
      expect(() => deferredDue(current, '2024-12-26', undefined, now)).toThrow(AppError);
      expect(() => deferredDue(current, '2024-12-25', '23:00:00', now)).toThrow(
        expect.objectContaining({ code: 'TASK_DUE_INVALID' }),
      );
    });

    it('refuses a due in the past, even when later than an old due', () => {
      const overdue = { dueDate: '2024-12-20', dueTime: null, dueAt: dueInstant('2024-12-20', null) };
      expect(() => deferredDue(overdue, '2024-12-24', undefined, now)).toThrow(
        expect.objectContaining({ code: 'TASK_DUE_INVALID' }),
      );
      expect(deferredDue(overdue, '2024-12-25', undefined, now).dueAt.toISOString()).toBe('2024-12-26T00:00:00.000Z');
    });
  });

  it('acts on open tasks only', () => {
    expect(() => mustBeOpen('pending', '完成')).not.toThrow();
    expect(() => mustBeOpen('overdue', '完成')).not.toThrow();
    expect(() => mustBeOpen('completed', '完成')).toThrow(expect.objectContaining({ code: 'TASK_WRONG_STATE' }));
    expect(() => mustBeOpen('cancelled', '延期')).toThrow(expect.objectContaining({ code: 'TASK_WRONG_STATE' }));
  });

  it('gives rates as percentages with one decimal, 0 of nothing', () => {
    expect(percent(140, 200)).toBe(70);
    expect(percent(1, 3)).toBe(33.3);
    expect(percent(2, 3)).toBe(66.7);
    expect(percent(0, 0)).toBe(0);
  });
});
