import type { ReadinessStrategy } from '../types.js';
import { AutoWaitStrategy } from './auto-wait-strategy.js';
import { CompletedWaitStrategy } from './completed-wait-strategy.js';
import { ExecWaitStrategy } from './exec-wait-strategy.js';
import { HealthcheckWaitStrategy } from './healthcheck-wait-strategy.js';
import { HttpWaitStrategy } from './http-wait-strategy.js';
import { LogWaitStrategy } from './log-wait-strategy.js';
import { PortsWaitStrategy } from './ports-wait-strategy.js';
import { RunningWaitStrategy } from './running-wait-strategy.js';
import type { WaitStrategy } from './wait-strategy.js';

/** A fresh strategy per wait: some learn about their container as they go (which probe works). */
export function createWaitStrategy(strategy: ReadinessStrategy): WaitStrategy {
  switch (strategy.type) {
    case 'auto':
      return new AutoWaitStrategy();
    case 'healthcheck':
      return new HealthcheckWaitStrategy();
    case 'ports':
      return new PortsWaitStrategy(strategy.ports);
    case 'log':
      return new LogWaitStrategy(strategy.pattern, strategy.times);
    case 'http':
      return new HttpWaitStrategy(strategy.port, strategy.path, strategy.status);
    case 'exec':
      return new ExecWaitStrategy(strategy.command);
    case 'completed':
      return new CompletedWaitStrategy();
    case 'none':
      return new RunningWaitStrategy();
  }
}
