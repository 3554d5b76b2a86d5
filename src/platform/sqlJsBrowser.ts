import initSqlJs, { type SqlJsStatic } from 'sql.js';
import wasmUrl from 'sql.js/dist/sql-wasm-browser.wasm?url';

let sqlJs: Promise<SqlJsStatic> | undefined;

/** sql.js in the browser (the page and the lab worker): the browser build, its wasm served by Vite. Loaded once per thread. */
export function loadSqlJsBrowser(): Promise<SqlJsStatic> {
  sqlJs ??= initSqlJs({ locateFile: () => wasmUrl });
  return sqlJs;
}
