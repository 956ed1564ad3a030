/* eslint-disable no-control-regex -- the GitLab section markers are escape sequences */
import { describe, expect, it } from 'vitest';
import { sectionEnd, sectionStart } from '../../../../cli/ci/gitlab-sections.js';
import { groupEnd, groupStart } from '../../../../cli/ci/log-groups.js';

const now = new Date('2026-01-01T12:00:00Z');

describe('GitLab collapsible sections', () => {
  it('writes the section_start / section_end markers GitLab folds on', () => {
    expect(sectionStart('etl_cycle_iteration_1', 'etl-cycle iteration 1 of 5', { now })).toBe(
      '\u001b[0Ksection_start:1767268800:etl_cycle_iteration_1\r\u001b[0Ketl-cycle iteration 1 of 5',
    );
    expect(sectionStart('x', 'h', { now, collapsed: true })).toContain('section_start:1767268800:x[collapsed=true]\r');
    expect(sectionEnd('etl_cycle_iteration_1', { now })).toBe('\u001b[0Ksection_end:1767268800:etl_cycle_iteration_1\r\u001b[0K');
  });

  it('keeps section names to the characters GitLab accepts', () => {
    expect(sectionStart('iteration 1/5', 'h', { now })).toContain(':iteration_1_5\r');
  });

  it('folds with ::group:: on GitHub, sections on GitLab, nothing elsewhere', () => {
    expect(groupStart({ githubActions: true, gitlabCi: false }, 'i1', 'iteration 1')).toBe('::group::iteration 1\n');
    expect(groupEnd({ githubActions: true, gitlabCi: false }, 'i1')).toBe('::endgroup::\n');
    expect(groupStart({ githubActions: false, gitlabCi: true }, 'i1', 'iteration 1')).toMatch(
      /section_start:\d+:i1\r\u001b\[0Kiteration 1\n$/,
    );
    expect(groupEnd({ githubActions: false, gitlabCi: true }, 'i1')).toMatch(/section_end:\d+:i1\r\u001b\[0K\n$/);
    expect(groupStart({ githubActions: false, gitlabCi: false }, 'i1', 'iteration 1')).toBe('');
    expect(groupEnd({ githubActions: false, gitlabCi: false }, 'i1')).toBe('');
  });
});
