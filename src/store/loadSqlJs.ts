import initSqlJs, { type SqlJsStatic } from 'sql.js';
import wasmUrl from 'sql.js/dist/sql-wasm-browser.wasm?url';

let sqlJs: Promise<SqlJsStatic> | undefined;

/** sql.js for the page: the browser build, its wasm served by Vite. Loaded once. */
export function loadSqlJsBrowser(): Promise<SqlJsStatic> {
  sqlJs ??= initSqlJs({ locateFile: () => wasmUrl });
  return sqlJs;
}
