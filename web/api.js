// searchd's JSON API as the page uses it (docs/api.md): GET with URL
// parameters, a JSON body back, errors as ApiError. Paths are relative to the
// page ("search"), so searchd also works behind a proxy under a path prefix. Every call takes an
// AbortSignal, so the page can cancel a request that a newer one replaces.

// Why a request failed, in the words the page shows.
export class ApiError extends Error {
  // kind: 'unreachable' (no HTTP answer), 'not_ready' (503, no index yet),
  // 'bad_parameter' (400; `parameter` names it) or 'server' (anything else).
  constructor(kind, message, { status = 0, parameter = '' } = {}) {
    super(message);
    this.name = 'ApiError';
    this.kind = kind;
    this.status = status;
    this.parameter = parameter;
  }
}

// Builds a query string from {name: value | [values]}; empty values are left out.
export function queryString(params) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    for (const one of Array.isArray(value) ? value : [value]) {
      if (one !== undefined && one !== null && one !== '') search.append(name, String(one));
    }
  }
  return search.toString();
}

// GET `path` with `params`; resolves to the parsed JSON body. Rejects with an
// AbortError DOMException when `signal` aborts, otherwise with ApiError.
export async function getJson(path, params, signal) {
  const query = queryString(params);
  let response;
  try {
    response = await fetch(query ? `${path}?${query}` : path, { signal, headers: { Accept: 'application/json' } });
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    throw new ApiError('unreachable', 'The search server did not answer.');
  }
  let body = null;
  try {
    body = await response.json();
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    // A proxy's HTML error page, or a connection cut mid-body.
  }
  if (response.ok && body) return body;
  const error = body?.error ?? {};
  const message = error.message || `The search server answered ${response.status}.`;
  if (response.status === 503) throw new ApiError('not_ready', message, { status: 503 });
  if (response.status === 400) {
    throw new ApiError('bad_parameter', message, { status: 400, parameter: error.parameter ?? '' });
  }
  throw new ApiError('server', message, { status: response.status });
}
