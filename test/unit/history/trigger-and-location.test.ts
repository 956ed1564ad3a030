import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../core/errors.js';
import { historyLocation, redactUrl } from '../../../history/store/location.js';
import { detectTrigger } from '../../../history/trigger.js';
import type { HistorySettings } from '../../../config/types.js';

describe('detectTrigger', () => {
  it('flag, then ETL_CYCLE_TRIGGER, then a CI schedule, then CI, then manual', () => {
    expect(detectTrigger('hook', { ETL_CYCLE_TRIGGER: 'api' }, true)).toBe('hook');
    expect(detectTrigger(undefined, { ETL_CYCLE_TRIGGER: 'api' }, true)).toBe('api');
    expect(detectTrigger(undefined, { GITHUB_EVENT_NAME: 'schedule' }, true)).toBe('schedule');
    expect(detectTrigger(undefined, { CI_PIPELINE_SOURCE: 'schedule' }, true)).toBe('schedule');
    expect(detectTrigger(undefined, { GITHUB_EVENT_NAME: 'push' }, true)).toBe('ci');
    expect(detectTrigger(undefined, {}, false)).toBe('manual');
  });

  it('a bad value is a usage error naming it', () => {
    expect(() => detectTrigger('cron', {}, false)).toThrow(UsageError);
    expect(() => detectTrigger(undefined, { ETL_CYCLE_TRIGGER: 'nightly' }, false)).toThrow(
      /ETL_CYCLE_TRIGGER="nightly": expected one of manual, ci, hook, schedule, api/,
    );
  });
});

describe('history location', () => {
  const settings = { path: '/p/.etl-cycle/history.db', url: undefined } as unknown as HistorySettings;

  it('ETL_CYCLE_HISTORY_URL, then history.url, then the file', () => {
    expect(historyLocation(settings, {})).toEqual({
      flavour: 'sqlite',
      path: '/p/.etl-cycle/history.db',
      display: '/p/.etl-cycle/history.db',
    });
    expect(historyLocation({ ...settings, url: 'postgres://a@h/db' }, {})).toMatchObject({ flavour: 'postgres', url: 'postgres://a@h/db' });
    expect(historyLocation({ ...settings, url: 'postgres://a@h/db' }, { ETL_CYCLE_HISTORY_URL: 'postgresql://b:pw@h2/x' })).toEqual({
      flavour: 'postgres',
      url: 'postgresql://b:pw@h2/x',
      display: 'postgresql://b:***@h2/x',
    });
  });

  it('never shows a password', () => {
    expect(redactUrl('postgres://etl:s3cr%40t@db.internal:5432/history')).toBe('postgres://etl:***@db.internal:5432/history');
    expect(redactUrl('postgres://db/history?user=etl&password=hunter2&sslmode=require')).toBe(
      'postgres://db/history?user=etl&password=***&sslmode=require',
    );
    expect(redactUrl('postgres://etl@db/history')).toBe('postgres://etl@db/history');
    expect(redactUrl('postgres://etl:p@ss:w@rd@db:5432/history')).toBe('postgres://etl:***@db:5432/history');
    expect(redactUrl('postgresql://etl:a@b@db?sslmode=require&sslpassword=k3y')).toBe(
      'postgresql://etl:***@db?sslmode=require&sslpassword=***',
    );
    expect(redactUrl('postgres://:onlypass@db/h')).toBe('postgres://:***@db/h');
    expect(redactUrl('not a url')).toBe('not a url');
  });
});
