/** Calls the web-mode API of a server started by a test, with its launch token. */
export function apiCaller(origin: string, token: string) {
  return async function call<T = unknown>(method: string, input: unknown): Promise<T> {
    const res = await fetch(`${origin}/api/call/${method}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify(input),
    });
    const body = (await res.json()) as { ok: boolean; result?: T; error?: { message: string } };
    if (!body.ok) throw new Error(body.error?.message);
    return body.result as T;
  };
}

export async function poll<T>(fn: () => Promise<T>, until: (v: T) => boolean, timeoutMs = 120_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (until(v)) return v;
    if (Date.now() > deadline) throw new Error(`condition not met in ${timeoutMs} ms: ${JSON.stringify(v).slice(0, 300)}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
