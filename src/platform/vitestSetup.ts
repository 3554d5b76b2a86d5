// The unit tests' host: the globals ioredis-mock needs, then sql.js for the engine's harness.
import './ioredisMockGlobals';
import { provideSqlJs } from '../engine/testSqlJs';
import { loadSqlJsNode } from './sqlJsNode';

provideSqlJs(loadSqlJsNode);
