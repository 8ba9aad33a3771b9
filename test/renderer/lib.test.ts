import { describe, expect, it } from 'vitest';
import { copiedMessage, defaultClientName, exactTime, relativeTime } from '../../src/renderer/src/lib/format';
import {
  findIndex,
  itemAt,
  pageCount,
  pageOf,
  pagesForRange,
  pagesToEvict,
} from '../../src/renderer/src/features/clients/page-cache';
import { isTextField, matchShortcut } from '../../src/renderer/src/shell/shortcuts';

describe('page cache math', () => {
  it('maps indexes to pages of 100', () => {
    expect(pageOf(0)).toBe(0);
    expect(pageOf(99)).toBe(0);
    expect(pageOf(100)).toBe(1);
    expect(pageOf(99_999)).toBe(999);
    expect(pageCount(100_000)).toBe(1000);
    expect(pageCount(101)).toBe(2);
    expect(pageCount(0)).toBe(0);
  });

  it('lists the pages a visible range needs, clamped to the total', () => {
    expect(pagesForRange(0, 30, 1000)).toEqual([0]);
    expect(pagesForRange(95, 130, 1000)).toEqual([0, 1]);
    expect(pagesForRange(980, 1040, 1000)).toEqual([9]);
    expect(pagesForRange(0, 30, 0)).toEqual([]);
  });

  it('asks only for the first page of a range while the total is unknown', () => {
    expect(pagesForRange(250, 400, null)).toEqual([2]);
  });

  it('finds items across pages', () => {
    const pages = { 0: ['a', 'b'], 3: ['x', 'y'] };
    expect(itemAt(pages, 1, 2)).toBe('b');
    expect(itemAt(pages, 7, 2)).toBe('y');
    expect(itemAt(pages, 2, 2)).toBeUndefined();
    expect(itemAt(pages, -1, 2)).toBeUndefined();
    expect(findIndex(pages, (s) => s === 'x', 2)).toBe(6);
    expect(findIndex(pages, (s) => s === 'nope', 2)).toBe(-1);
  });

  it('evicts the pages farthest from view first', () => {
    expect(pagesToEvict([0, 1, 2], 1, 5)).toEqual([]);
    expect(pagesToEvict([0, 1, 2, 3, 10], 2, 3).sort((a, b) => a - b)).toEqual([0, 10]);
  });
});

describe('new client names', () => {
  it('prefills a numbered, dated name whose first characters tell it from the previous one', () => {
    const at = new Date(2025, 10, 3, 9, 5);
    expect(defaultClientName('Staging', 4, at)).toBe('Client 4 · Staging · Nov 3 09:05');
    expect(defaultClientName('Staging', 5, at).slice(0, 8)).not.toBe(
      defaultClientName('Staging', 4, at).slice(0, 8),
    );
  });
});

describe('formatting', () => {
  const now = Date.parse('2025-06-15T12:00:00Z');
  it('formats relative times', () => {
    expect(relativeTime('2025-06-15T11:59:40Z', now)).toBe('just now');
    expect(relativeTime('2025-06-15T11:55:00Z', now)).toBe('5 minutes ago');
    expect(relativeTime('2025-06-14T12:00:00Z', now)).toBe('yesterday');
    expect(relativeTime('2024-06-15T12:00:00Z', now)).toBe('last year');
    expect(relativeTime('not a date', now)).toBe('not a date');
    expect(exactTime('2025-06-15T12:00:00Z')).toBe('2025-06-15T12:00:00.000Z');
  });

  it('says when the clipboard clears', () => {
    expect(copiedMessage('2025-06-15T12:00:30Z', now)).toBe('Copied — clipboard clears in 30 s');
    expect(copiedMessage(null, now)).toBe('Copied');
  });
});

describe('keyboard shortcuts', () => {
  const key = (
    k: string,
    mods: Partial<{ ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean }> = {},
  ) => ({
    key: k,
    ctrlKey: false,
    metaKey: false,
    shiftKey: false,
    altKey: false,
    ...mods,
  });

  it('matches single keys outside text fields only', () => {
    expect(matchShortcut(key('n'), false, false)).toEqual({ kind: 'newClient' });
    expect(matchShortcut(key('n'), true, false)).toBeNull();
    expect(matchShortcut(key('/'), false, false)).toEqual({ kind: 'focusSearch' });
    expect(matchShortcut(key('?', { shiftKey: true }), false, false)).toEqual({ kind: 'help' });
  });

  it('uses Ctrl off macOS and Cmd on macOS', () => {
    expect(matchShortcut(key('n', { ctrlKey: true }), true, false)).toEqual({ kind: 'newClient' });
    expect(matchShortcut(key('n', { metaKey: true }), true, false)).toBeNull();
    expect(matchShortcut(key('f', { metaKey: true }), true, true)).toEqual({ kind: 'focusSearch' });
    expect(matchShortcut(key('2', { ctrlKey: true }), true, false)).toEqual({
      kind: 'environment',
      index: 1,
    });
    expect(matchShortcut(key('C', { ctrlKey: true, shiftKey: true }), true, false)).toEqual({
      kind: 'copySecret',
    });
    expect(matchShortcut(key('c', { ctrlKey: true }), true, false)).toBeNull();
  });

  it('knows text fields', () => {
    const input = { tagName: 'INPUT', type: 'text', isContentEditable: false };
    const checkbox = { tagName: 'INPUT', type: 'checkbox', isContentEditable: false };
    expect(isTextField(input as unknown as EventTarget)).toBe(true);
    expect(isTextField(checkbox as unknown as EventTarget)).toBe(false);
    expect(isTextField(null)).toBe(false);
  });
});
