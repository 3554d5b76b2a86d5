// The unit tests' host: the globals ioredis-mock needs, then sql.js for the engine's harness.
import { afterAll } from 'vitest';
import './ioredisMockGlobals';
import { provideSqlJs } from '../engine/testSqlJs';
import { loadSqlJsNode } from './sqlJsNode';
import { forgetQuickJsNode } from './quickjsNode';

provideSqlJs(loadSqlJsNode);

// Each test file's QuickJS module (and its 64 MB) is its own: see `forgetQuickJsNode`.
afterAll(forgetQuickJsNode);
