/** Errors of the Kubernetes access layer, with messages that say what to do. */

/** A missing or broken kubeconfig, or an unknown context. The CLI maps it to exit code 3. */
export class KubeConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KubeConfigError';
  }
}

/** A Kubernetes API call that failed; carries the HTTP status when there was an answer. */
export class KubeApiError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'KubeApiError';
  }
}

/**
 * Turns whatever the client library threw into a short message without response headers or request
 * details (the library's ApiException text includes all response headers).
 */
export function describeKubeError(what: string, err: unknown): KubeApiError {
  const e = err as { code?: unknown; body?: unknown; message?: unknown; cause?: unknown };
  if (typeof e?.code === 'number') {
    let detail = '';
    const body = typeof e.body === 'string' ? safeJson(e.body) : e.body;
    if (body && typeof body === 'object' && typeof (body as { message?: unknown }).message === 'string') {
      detail = `: ${(body as { message: string }).message}`;
    }
    const hint = e.code === 401 ? ' (the credentials of the kubeconfig were rejected)' : e.code === 403 ? ' (the kubeconfig user lacks the permission)' : '';
    return new KubeApiError(`${what}: HTTP ${e.code}${detail}${hint}`, e.code);
  }
  const msg = err instanceof Error ? err.message : String(err);
  const cause = e?.cause instanceof Error ? ` (${e.cause.message})` : '';
  return new KubeApiError(`${what}: ${msg.split('\n')[0]}${cause}`);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
