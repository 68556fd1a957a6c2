// One error class per way a model download can fail, each with a message a user can act on.

export type ModelLoadFailure =
  | 'not-pinned'
  | 'host-not-allowed'
  | 'offline'
  | 'not-found'
  | 'http'
  | 'truncated'
  | 'too-large'
  | 'hash-mismatch'
  | 'out-of-memory'
  | 'bad-content'
  | 'unsupported-op';

export class ModelLoadError extends Error {
  override name = 'ModelLoadError';
  constructor(
    readonly failure: ModelLoadFailure,
    readonly url: string,
    message: string,
  ) {
    super(message);
  }
}

export class ModelNotPinnedError extends ModelLoadError {
  override name = 'ModelNotPinnedError';
  constructor(url: string, what: string) {
    super(
      'not-pinned',
      url,
      `${what} has no pinned SHA-256 in the model registry, so it cannot be verified and will not be downloaded (${url}); pin it (sha256 and size) in models/model-registry.ts first`,
    );
  }
}

export class ModelHostNotAllowedError extends ModelLoadError {
  override name = 'ModelHostNotAllowedError';
  constructor(url: string, requested: string) {
    super(
      'host-not-allowed',
      url,
      `refusing to download from ${new URL(url).origin}: not in the model host allowlist${url === requested ? '' : ` (reached by redirect from ${requested})`}`,
    );
  }
}

export class ModelOfflineError extends ModelLoadError {
  override name = 'ModelOfflineError';
  constructor(url: string, cause: string) {
    super('offline', url, `cannot reach ${new URL(url).host} (offline, blocked or DNS failure: ${cause}); the built-in offline model still works`);
  }
}

export class ModelNotFoundError extends ModelLoadError {
  override name = 'ModelNotFoundError';
  constructor(url: string) {
    super('not-found', url, `model file not found (HTTP 404): ${url}; the registry's pinned revision may have been removed`);
  }
}

export class ModelHttpError extends ModelLoadError {
  override name = 'ModelHttpError';
  constructor(
    url: string,
    readonly status: number,
  ) {
    super(
      'http',
      url,
      `model server answered HTTP ${status} for ${url}${status === 401 || status === 403 ? ' (access denied)' : status >= 500 ? ' (server error, try again later)' : ''}`,
    );
  }
}

export class ModelTruncatedError extends ModelLoadError {
  override name = 'ModelTruncatedError';
  constructor(url: string, received: number, expected: number, cause?: string) {
    super('truncated', url, `download of ${url} stopped after ${received} of ${expected} bytes${cause ? ` (${cause})` : ''}; try again`);
  }
}

export class ModelTooLargeError extends ModelLoadError {
  override name = 'ModelTooLargeError';
  constructor(url: string, received: number, expected: number) {
    super('too-large', url, `${url} sent more than the expected ${expected} bytes (${received} so far): not the pinned file`);
  }
}

export class ModelHashMismatchError extends ModelLoadError {
  override name = 'ModelHashMismatchError';
  constructor(url: string, expected: string, actual: string) {
    super('hash-mismatch', url, `SHA-256 of ${url} is ${actual}, expected ${expected}: the file is corrupt or not the pinned version; it was discarded`);
  }
}

export class ModelOutOfMemoryError extends ModelLoadError {
  override name = 'ModelOutOfMemoryError';
  constructor(url: string, bytes: number) {
    super('out-of-memory', url, `not enough memory to hold ${(bytes / 1e6).toFixed(0)} MB for ${url}; close other tabs or choose a smaller (fp16) model`);
  }
}

export class ModelBadContentError extends ModelLoadError {
  override name = 'ModelBadContentError';
  constructor(url: string, reason: string) {
    super('bad-content', url, `${url} is not a usable model file: ${reason}`);
  }
}

export class ModelUnsupportedOpError extends ModelLoadError {
  override name = 'ModelUnsupportedOpError';
  constructor(
    url: string,
    readonly ops: readonly string[],
  ) {
    super(
      'unsupported-op',
      url,
      `${url} uses the ONNX op${ops.length > 1 ? 's' : ''} ${ops.join(', ')}, which the gradient engine cannot differentiate; the model's other files were not downloaded`,
    );
  }
}
