/**
 * The labels on everything the stack creates. The user's own labels come first and ours last, so a
 * Compose file cannot make a resource look owned by another project (or not owned at all).
 */
import { LABELS, MANAGED_BY_VALUE } from '../labels.js';
import type { StackContext } from './stack-context.js';

function ownershipLabels(ctx: StackContext): Record<string, string> {
  return {
    [LABELS.managedBy]: MANAGED_BY_VALUE,
    [LABELS.project]: ctx.project.name,
    [LABELS.execution]: ctx.executionId,
    [LABELS.version]: ctx.version,
  };
}

/** Labels of a service container (the config hash is added by desired-container.ts, once the rest is known). */
export function containerLabels(ctx: StackContext, service: string, own: Record<string, string>): Record<string, string> {
  return { ...own, ...ctx.extraLabels, ...ownershipLabels(ctx), [LABELS.service]: service };
}

/** Labels of a network or volume; `key` is its key in the Compose file. */
export function resourceLabels(ctx: StackContext, key: string, own: Record<string, string>): Record<string, string> {
  return { ...own, ...ctx.extraLabels, ...ownershipLabels(ctx), [LABELS.resource]: key };
}
