import {
  ApiError,
  contract,
  describeZodError,
  isMethodName,
  type ApiErrorBody,
  type ApiHandlers,
  type CallResult,
  type MethodName,
} from '../../../common/api';
import { ConflictError, NotFoundError } from '../cases/StudyService';
import { InvalidMeasurementError } from '../cases/MeasurementService';
import { ImportNotFound } from '../import/ImportService';
import { ImportInputError } from '../import/sources';

export function toErrorBody(error: unknown): ApiErrorBody {
  if (error instanceof ApiError) return error.toBody();
  if (error instanceof NotFoundError || error instanceof ImportNotFound) return { code: 'not_found', message: error.message };
  if (error instanceof ConflictError) return { code: 'conflict', message: error.message };
  if (error instanceof InvalidMeasurementError || error instanceof ImportInputError) {
    return { code: 'invalid_input', message: error.message };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'internal', message: `Internal error: ${message}` };
}

type AnyHandler = (input: unknown) => unknown;

/**
 * The single entry point both transports call: unknown methods and invalid inputs are rejected
 * before any service runs, and outputs are checked against the contract so drift shows as a
 * clear error instead of a confused renderer.
 */
export async function dispatch(
  handlers: ApiHandlers,
  method: string,
  rawInput: unknown,
  log: (message: string) => void = () => {},
): Promise<CallResult> {
  if (!isMethodName(method)) {
    return { ok: false, error: { code: 'unknown_method', message: `Unknown API call "${method.slice(0, 80)}".` } };
  }
  const spec = contract[method as MethodName];
  const input = spec.input.safeParse(rawInput ?? {});
  if (!input.success) {
    return { ok: false, error: { code: 'invalid_input', message: `${method}: ${describeZodError(input.error)}` } };
  }
  try {
    const handler = handlers[method] as AnyHandler;
    const result = await handler(input.data);
    const output = spec.output.safeParse(result);
    if (!output.success) {
      log(`contract violation in ${method} output: ${describeZodError(output.error)}`);
      return { ok: false, error: { code: 'internal', message: `${method} returned data that does not match the contract.` } };
    }
    return { ok: true, result: output.data };
  } catch (error) {
    const body = toErrorBody(error);
    if (body.code === 'internal') log(`${method} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return { ok: false, error: body };
  }
}
