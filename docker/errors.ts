import { EtlCycleError, EXIT_FAILURE } from '../core/errors.js';
import type { ContainerState } from './types.js';

export type StackUpStage = 'image' | 'network' | 'volume' | 'create' | 'start' | 'dependency' | 'readiness';

/**
 * A service could not be brought up. `detail` holds what the engine or the readiness check
 * said, verbatim (one or more lines): the agent feeds it to the classifier, so never
 * paraphrase engine messages here.
 */
export class StackUpError extends EtlCycleError {
  readonly service: string;
  readonly stage: StackUpStage;
  readonly detail: string;
  readonly containerState: ContainerState | undefined;
  readonly logsTail: string | undefined;

  constructor(init: {
    service: string;
    stage: StackUpStage;
    detail: string;
    containerState?: ContainerState;
    logsTail?: string;
    cause?: unknown;
  }) {
    super('E_STACK', `service ${init.service}: ${init.stage} failed: ${init.detail.split('\n')[0] ?? ''}`, EXIT_FAILURE, {
      cause: init.cause,
    });
    this.service = init.service;
    this.stage = init.stage;
    this.detail = init.detail;
    this.containerState = init.containerState;
    this.logsTail = init.logsTail;
  }
}
