import { describe, expect, it } from 'vitest';
import { DockerError, DockerUnavailableError } from '../../../core/errors.js';
import { engineMessage, isNotFound, toEngineError } from '../../../docker/engine/to-engine-error.js';

/** The shape docker-modem rejects with. */
function modemError(statusCode: number, reason: string, message: string, json: unknown = { message }): Error {
  return Object.assign(new Error(`(HTTP code ${statusCode}) ${reason} - ${message} `), { statusCode, json, reason });
}

describe('toEngineError', () => {
  it('keeps the engine message verbatim with its HTTP status', () => {
    const text =
      'driver failed programming external connectivity on endpoint shop-db-1 (abc): Bind for 0.0.0.0:5432 failed: port is already allocated';
    const error = toEngineError('start container', modemError(500, 'server error', text), 'unix:///var/run/docker.sock');
    expect(error).toBeInstanceOf(DockerError);
    expect(error).toMatchObject({ message: text, statusCode: 500, operation: 'start container', code: 'E_DOCKER' });
  });

  it('takes the message from the modem text when the body was a stream', () => {
    const error = modemError(
      404,
      'unexpected',
      "pull access denied for nope, repository does not exist or may require 'docker login'",
      null,
    );
    expect(engineMessage(error)).toBe("pull access denied for nope, repository does not exist or may require 'docker login'");
  });

  it('an unreachable engine is DockerUnavailableError naming the endpoint', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED /var/run/docker.sock'), { code: 'ECONNREFUSED' });
    const error = toEngineError('list containers', refused, 'unix:///var/run/docker.sock');
    expect(error).toBeInstanceOf(DockerUnavailableError);
    expect(error.message).toBe(
      'the Docker engine at unix:///var/run/docker.sock did not answer (connect ECONNREFUSED /var/run/docker.sock) during list containers',
    );
  });

  it('anything else is a DockerError without status, and ours pass through unchanged', () => {
    expect(toEngineError('x', new Error('socket hang up'), 'e')).toMatchObject({ message: 'socket hang up', statusCode: undefined });
    const ours = new DockerError('y', 'already mapped', { statusCode: 409 });
    expect(toEngineError('x', ours, 'e')).toBe(ours);
  });

  it('isNotFound is true only for a 404 DockerError', () => {
    expect(isNotFound(new DockerError('x', 'No such container: a', { statusCode: 404 }))).toBe(true);
    expect(isNotFound(new DockerError('x', 'conflict', { statusCode: 409 }))).toBe(false);
    expect(isNotFound(new Error('404'))).toBe(false);
  });
});
