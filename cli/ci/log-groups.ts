/**
 * Folding a part of the job log, on whichever CI shows folds: a `::group::` on GitHub Actions,
 * a collapsible section on GitLab CI, nothing elsewhere. Each function returns the line(s) to
 * write, with their newline, or '' when the CI has no folds.
 */
import { workflowCommand } from './github-commands.js';
import { sectionEnd, sectionStart } from './gitlab-sections.js';

export interface FoldingCi {
  githubActions: boolean;
  gitlabCi: boolean;
}

export function groupStart(ci: FoldingCi, id: string, title: string): string {
  if (ci.githubActions) return `${workflowCommand('group', {}, title)}\n`;
  // Expanded: the iteration in progress is what a reader of a live log wants to see.
  if (ci.gitlabCi) return `${sectionStart(id, title)}\n`;
  return '';
}

export function groupEnd(ci: FoldingCi, id: string): string {
  if (ci.githubActions) return '::endgroup::\n';
  if (ci.gitlabCi) return `${sectionEnd(id)}\n`;
  return '';
}
