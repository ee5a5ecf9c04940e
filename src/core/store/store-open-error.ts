/** Why a store refused to open; each has one message naming the file and what to do. */
export type StoreOpenReason = 'not-json' | 'not-a-data-file' | 'corrupt-log' | 'in-use' | 'file-system' | 'unreachable';

/**
 * The store could not open its data file. One line, naming the file and the way out; `code` is
 * the catalogue's ORDERMOCK_ERR_STORE_OPEN, `reason` says which case it is.
 */
export class StoreOpenError extends Error {
  readonly code = 'ORDERMOCK_ERR_STORE_OPEN';

  constructor(
    readonly file: string,
    readonly reason: StoreOpenReason,
    message: string,
  ) {
    super(message);
    this.name = 'StoreOpenError';
  }
}

const LEAVE_IT = 'ordermock left it untouched: fix it, or move it away to start from the seed data.';

export function notJson(file: string, detail: string): StoreOpenError {
  return new StoreOpenError(file, 'not-json', `Data file ${file} is not valid JSON (${detail}). ${LEAVE_IT}`);
}

export function notADataFile(file: string, value: unknown): StoreOpenError {
  const found = Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value === 'object' ? 'an object without "ordermock": 1' : `a ${typeof value}`;
  return new StoreOpenError(
    file,
    'not-a-data-file',
    `Data file ${file} is not an ordermock data file (it holds ${found}; expected {"ordermock": 1, "seq", "namespaces"}). ${LEAVE_IT}`,
  );
}

export function corruptLog(file: string, line: number): StoreOpenError {
  return new StoreOpenError(
    file,
    'corrupt-log',
    `Change log ${file} is corrupt at line ${line} (only a torn last line is recovered); ordermock left it untouched: repair or remove that line, or move the data file and its logs away to start from the seed data.`,
  );
}

const ERRNO_WORDS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'it is a directory',
  ENOTDIR: 'a part of the path is not a directory',
  EEXIST: 'a part of the path is not a directory', // what mkdir -p says when a file is in the way
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'the file system is read-only',
  ENAMETOOLONG: 'the path is too long',
  EMFILE: 'too many open files',
  EIO: 'an input/output error',
};

/** A file-system failure while opening, as one line instead of raw errno text. */
export function fileSystemFailure(file: string, err: NodeJS.ErrnoException): StoreOpenError {
  const what = ERRNO_WORDS[err.code ?? ''] ?? (err.code ? `error ${err.code}` : err.message.split('\n')[0]);
  const where = err.path && err.path !== file ? ` (at ${err.path})` : '';
  return new StoreOpenError(
    file,
    'file-system',
    `Cannot open data file ${file}: ${what}${err.code ? ` [${err.code}]` : ''}${where}. Make sure its directory exists and is writable, or point --data at another file (or :memory:).`,
  );
}
