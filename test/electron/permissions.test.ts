import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeEvent, resetFakes, session } from './fake-electron';
import { denyAllPermissions } from '../../src/main/permissions';
import type { Session } from 'electron';

vi.mock('electron', () => import('./fake-electron'));

beforeEach(() => {
  resetFakes();
  denyAllPermissions(session.defaultSession as unknown as Session);
});

const PERMISSIONS = [
  'media',
  'geolocation',
  'notifications',
  'clipboard-read',
  'clipboard-sanitized-write',
  'openExternal',
  'hid',
  'unknown',
];

describe('permissions', () => {
  it('denies every permission request', () => {
    const handler = session.defaultSession.setPermissionRequestHandler.mock.calls[0]?.[0] as (
      ...args: unknown[]
    ) => void;
    for (const permission of PERMISSIONS) {
      const callback = vi.fn();
      handler({}, permission, callback, { requestingUrl: 'app://keyhold/index.html' });
      expect(callback, permission).toHaveBeenCalledExactlyOnceWith(false);
    }
  });

  it('answers every permission check with no, even for our own origin', () => {
    const check = session.defaultSession.setPermissionCheckHandler.mock.calls[0]?.[0] as (
      ...args: unknown[]
    ) => boolean;
    for (const permission of PERMISSIONS)
      expect(check(null, permission, 'app://keyhold', {}), permission).toBe(false);
  });

  it('denies device access (HID, USB, serial)', () => {
    const device = session.defaultSession.setDevicePermissionHandler.mock.calls[0]?.[0] as (
      ...args: unknown[]
    ) => boolean;
    expect(device({ deviceType: 'usb', origin: 'app://keyhold' })).toBe(false);
  });

  it('cancels downloads', () => {
    const e = fakeEvent({});
    session.defaultSession.emit('will-download', e, {}, {});
    expect(e.preventDefault).toHaveBeenCalled();
  });
});
