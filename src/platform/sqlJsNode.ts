import initSqlJs, { type SqlJsStatic } from 'sql.js';

let sqlJs: Promise<SqlJsStatic> | undefined;

/** sql.js for Node (tests and the CLI): no locateFile, the wasm sits beside the module. */
export function loadSqlJsNode(): Promise<SqlJsStatic> {
  sqlJs ??= initSqlJs();
  return sqlJs;
}
