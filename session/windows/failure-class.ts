/**
 * The class a failed window run is recorded with: what the orchestrator knows (a gate's
 * data_rejected, a timeout, an abort), else what the classifier makes of the failed task's
 * output, else unknown. The catalogue is loaded only when a window failed.
 */
import type { OrchestrationReport } from '../../orchestrator/types.js';

export async function failureClassOf(report: OrchestrationReport): Promise<{ failureClass: string; error: string | null }> {
  if (report.stop_reason === 'aborted') return { failureClass: 'aborted', error: `aborted${report.signal ? ` by ${report.signal}` : ''}` };
  const failed = report.execution_order
    .map((id) => report.tasks[id]!)
    .find((task) => task.critical && (task.status === 'failed' || task.status === 'timed_out'));
  if (!failed) return { failureClass: 'unknown', error: null };
  const error = failed.error ? `${failed.task_id}: ${failed.error}` : failed.task_id;
  if (failed.error_class) return { failureClass: failed.error_class, error };
  if (failed.status === 'timed_out') return { failureClass: 'timeout', error };
  const { loadCatalogue } = await import('../../patterns/load-catalogue.js');
  const { classifyText } = await import('../../patterns/engine/classify-stream.js');
  const classification = classifyText(await loadCatalogue(), failed.output, { exitCode: 1 });
  return { failureClass: classification.primary ?? 'unknown', error };
}
