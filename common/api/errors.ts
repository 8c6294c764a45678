/** Errors that cross the process line: a stable code for the program, a message for the person. */
import { z } from 'zod';

export const ApiErrorCode = z.enum([
  'unknown_method',
  'invalid_input',
  'not_found',
  'conflict',
  'unsupported',
  'forbidden',
  'internal',
]);
export type ApiErrorCode = z.infer<typeof ApiErrorCode>;

export const ApiErrorBody = z.object({ code: ApiErrorCode, message: z.string() });
export type ApiErrorBody = z.infer<typeof ApiErrorBody>;

export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toBody(): ApiErrorBody {
    return { code: this.code, message: this.message };
  }
}

/** Turns a zod failure into one readable line naming the offending fields. */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.join('.') : '(input)'}: ${i.message}`)
    .join('; ');
}

/** Wire format of a call's result, the same for HTTP and IPC. */
export const CallResult = z.union([
  z.object({ ok: z.literal(true), result: z.unknown() }),
  z.object({ ok: z.literal(false), error: ApiErrorBody }),
]);
export type CallResult = z.infer<typeof CallResult>;
