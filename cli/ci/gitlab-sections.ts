/**
 * GitLab CI collapsible sections: the job log folds what is between `section_start` and
 * `section_end` markers (an escape sequence GitLab's log viewer reads; a terminal shows only
 * the header). The section name may hold only letters, digits, `_`, `.` and `-`.
 */
const ERASE_LINE = '\u001b[0K';

function sectionName(name: string): string {
  return name.replace(/[^A-Za-z0-9_.-]/g, '_');
}

function unixSeconds(now: Date): number {
  return Math.floor(now.getTime() / 1000);
}

export function sectionStart(name: string, header: string, options: { collapsed?: boolean; now?: Date } = {}): string {
  const collapsed = options.collapsed ? '[collapsed=true]' : '';
  return `${ERASE_LINE}section_start:${unixSeconds(options.now ?? new Date())}:${sectionName(name)}${collapsed}\r${ERASE_LINE}${header}`;
}

export function sectionEnd(name: string, options: { now?: Date } = {}): string {
  return `${ERASE_LINE}section_end:${unixSeconds(options.now ?? new Date())}:${sectionName(name)}\r${ERASE_LINE}`;
}
