// Redis 7 gives every script four libraries of its own beside Lua's: cjson, bit, struct and
// cmsgpack. The sandbox has them as Redis has them: the same scripts go to a real redis-server
// and to the sandbox's cache adapter, and their replies, as ioredis hands them over, are
// compared. An object of several keys is compared by its decoded fields, not its
// text: Redis writes its keys in its Lua's hash order, the sandbox in the order they were set.
import { describe, expect, it } from 'vitest';
import { describeAgainstRedis, sandboxRedis } from '../cli/replyParity';

/** cjson.encode: numbers as `%.14g`, arrays by lua-cjson's rules, its errors in its words. */
const ENCODE = [
  'return cjson.encode({1, 2, 3, {a = 1}})',
  'return cjson.encode({})',
  'return cjson.encode({{}, {{}}})',
  "return cjson.encode('a/b\"\\\\ \\n\\t\\0\\1\\127 é')",
  'return cjson.encode(3.14159265358979)',
  'return cjson.encode(1e300)',
  'return cjson.encode(-0.0)',
  'return cjson.encode(2^53)',
  'return cjson.encode(100000000000005)',
  'return cjson.encode(0.1 + 0.2)',
  'return cjson.encode(1e-7)',
  'return cjson.encode(true) .. cjson.encode(false) .. cjson.encode(nil) .. cjson.encode(cjson.null)',
  'return cjson.encode({[1.5] = 1})',
  'return cjson.encode({[3] = "c"})',
  'return cjson.encode({[1] = 1, [20] = 2})',
  'return cjson.encode({[1] = 1, [10] = 2})',
  'return cjson.encode({[0] = "zero"})',
  'return cjson.encode({[-1] = "neg"})',
  'return cjson.encode({1, 2, nil, 4})',
  'return cjson.encode({1/0})',
  'return cjson.encode(0/0)',
  'return cjson.encode(-1/0)',
  'return cjson.encode({x = function() end})',
  'return cjson.encode({[true] = 1})',
  'return cjson.encode({[{}] = 1})',
  'return cjson.encode(coroutine.create(function() end))',
  'return cjson.encode()',
  'return cjson.encode(1, 2)',
  'local t = {} t[1] = t return cjson.encode(t)',
  'local t = {} t.self = t return cjson.encode(t)',
  'local t = {} local c = t for i = 1, 999 do c[1] = {} c = c[1] end return #cjson.encode(t)',
  'local t = {} local c = t for i = 1, 1000 do c[1] = {} c = c[1] end return cjson.encode(t)',
  'local t = {} for i = 1, 100 do t[i] = i * 1.5 end return cjson.encode(t)',
  'local v = cjson.decode(cjson.encode({id = 7, name = "Ada", tags = {"a", "b"}, ok = true})) return {v.id, v.name, v.tags[2], tostring(v.ok)}',
  'local v = cjson.decode(cjson.encode({[1] = "a", [5] = "e", x = 1})) return {v["1"], v["5"], v.x}',
  'local ok, e = pcall(cjson.encode, {1/0}) return {tostring(ok), e}',
];

/** cjson.decode: lua-cjson's parser, its leniencies (hex, +1, NaN) and its errors. */
const DECODE = [
  'local v = cjson.decode(\'{"id":7,"name":"Ada","version":3}\') return {v.id, v.name, v.version}',
  "return cjson.decode('[1,2,3]')",
  "return cjson.decode('[[[[1]]]]')[1][1][1]",
  'return cjson.decode(\'"abc"\')',
  "return cjson.decode('  42  ')",
  "return tostring(cjson.decode('1e400'))",
  "return tostring(cjson.decode('-1e400'))",
  "return tostring(cjson.decode('123456789012345678901234567890'))",
  "return tostring(cjson.decode('0.1'))",
  "return tostring(cjson.decode('-0'))",
  "return cjson.decode('0x10')",
  "return tostring(cjson.decode('-Infinity'))",
  "return tostring(cjson.decode('inf'))",
  "return type(cjson.decode('NaN'))",
  "return cjson.decode('+5')",
  "return cjson.decode('012')",
  "return tostring(cjson.decode('true'))",
  "return cjson.decode('null') == cjson.null and 1 or 0",
  "return cjson.decode('[null]')[1] == cjson.null and 1 or 0",
  'return type(cjson.decode(\'{"a":null}\').a)',
  'return type(cjson.null)',
  'return cjson.decode(\'"\\\\u00e9\\\\u20ac"\')',
  'return cjson.decode(\'"\\\\ud83d\\\\ude00"\')',
  'return #cjson.decode(\'"a\\\\u0000b"\')',
  'return cjson.decode(\'"\\\\/\\\\b\\\\f\\\\n\\\\r\\\\t\\\\\\\\\\\\""\')',
  'return cjson.decode(\'"\\\\ud83d"\')',
  'return cjson.decode(\'"\\\\ude00\\\\ud83d"\')',
  'return cjson.decode(\'"\\\\u12"\')',
  'return cjson.decode(\'"\\\\x"\')',
  "return cjson.decode('[1,2')",
  'return cjson.decode(\'{"a":1,}\')',
  'return cjson.decode(\'{"a" 1}\')',
  "return cjson.decode('{1:2}')",
  "return cjson.decode('[1 2]')",
  "return cjson.decode('1.5e')",
  "return cjson.decode('-')",
  "return cjson.decode('')",
  "return cjson.decode('   ')",
  "return cjson.decode('\"abc')",
  "return cjson.decode('[1] x')",
  "return cjson.decode('tru')",
  "return cjson.decode('nul')",
  'return cjson.decode(\'{"a":1}}\')',
  "return cjson.decode('[1]\\0garbage')[1]",
  "return cjson.decode('\\0[1]')",
  "return cjson.decode('a\\0')",
  'return cjson.decode(\'"a\\0b"\')',
  'return cjson.decode()',
  'return cjson.decode(1)',
  'return cjson.decode({})',
  "return cjson.decode('1', '2')",
  "return #cjson.decode(string.rep('[', 1000) .. string.rep(']', 1000))",
  "return cjson.decode(string.rep('[', 1001) .. string.rep(']', 1001))",
  "return cjson.decode(string.rep('{\"a\":', 1001) .. '1' .. string.rep('}', 1001))",
  'local v = cjson.decode(\'{"a":1,"a":2}\') return v.a',
  'local v = cjson.decode(\'{"1":"x"}\') return {v["1"], tostring(v[1])}',
  "local ok, e = pcall(cjson.decode, '[') return {tostring(ok), e}",
];

/**
 * cjson's settings: read and set, checked as Redis checks them. Each script sets back what it
 * changed, on both (Redis keeps a setting for the scripts after; the sandbox does not).
 */
const SETTINGS = [
  'return cjson.encode_max_depth()',
  'return cjson.decode_max_depth()',
  'return cjson.encode_number_precision()',
  'return tostring(cjson.encode_keep_buffer())',
  'return tostring(cjson.encode_invalid_numbers())',
  'return tostring(cjson.decode_invalid_numbers())',
  'local a, b, c = cjson.encode_sparse_array() return {tostring(a), b, c}',
  'return cjson._NAME .. " " .. cjson._VERSION',
  'local r = {} for k in pairs(cjson) do r[#r + 1] = k end table.sort(r) return r',
  'cjson.encode_max_depth(2) local ok, e = pcall(cjson.encode, {{{1}}}) cjson.encode_max_depth(1000) return e',
  'cjson.encode_max_depth(2) local s = cjson.encode({{1}}) cjson.encode_max_depth(1000) return s',
  "cjson.decode_max_depth(2) local ok, e = pcall(cjson.decode, '[[[1]]]') cjson.decode_max_depth(1000) return e",
  'cjson.decode_max_depth(2) local ok, e = pcall(cjson.decode, \'{"a":{"b":{}}}\') cjson.decode_max_depth(1000) return e',
  'local p = cjson.encode_number_precision(3) local s = cjson.encode(math.pi) cjson.encode_number_precision(14) return {p, s}',
  'cjson.encode_number_precision(3) local s = cjson.encode({123, 1.5, 100, 0.000123456, 2.5e-5}) cjson.encode_number_precision(14) return s',
  'cjson.encode_number_precision(1) local s = cjson.encode({123456, 0.05}) cjson.encode_number_precision(14) return s',
  "local r = cjson.encode_invalid_numbers('null') local s = cjson.encode({1/0, 0/0}) cjson.encode_invalid_numbers(false) return {r, s}",
  'local r = cjson.encode_invalid_numbers(true) local s = cjson.encode({1/0, -1/0, 0/0}) cjson.encode_invalid_numbers(false) return {tostring(r), s}',
  "local r = cjson.encode_invalid_numbers('on') local s = cjson.encode({[1/0] = 1}) cjson.encode_invalid_numbers(false) return {tostring(r), s}",
  "cjson.decode_invalid_numbers(false) local ok, e = pcall(cjson.decode, '0x10') cjson.decode_invalid_numbers(true) return e",
  "cjson.decode_invalid_numbers(false) local ok, e = pcall(cjson.decode, 'NaN') cjson.decode_invalid_numbers(true) return e",
  "cjson.decode_invalid_numbers(false) local ok, e = pcall(cjson.decode, '+1') cjson.decode_invalid_numbers(true) return e",
  "cjson.decode_invalid_numbers(false) local v = cjson.decode('[-0.5e1]') cjson.decode_invalid_numbers(true) return tostring(v[1])",
  'local a, b, c = cjson.encode_sparse_array(true) local s = cjson.encode({[1] = 1, [20] = 2}) cjson.encode_sparse_array(false) return {tostring(a), b, c, s}',
  'cjson.encode_sparse_array(false, 0) local s = cjson.encode({[1] = 1, [20] = 2}) cjson.encode_sparse_array(false, 2) return s',
  'cjson.encode_sparse_array(false, 2, 30) local s = cjson.encode({[1] = 1, [20] = 2}) cjson.encode_sparse_array(false, 2, 10) return s',
  "cjson.encode_keep_buffer('off') local s = cjson.encode({1}) cjson.encode_keep_buffer(true) return s",
  "return cjson.encode_max_depth('x')",
  "return cjson.encode_max_depth('5') and cjson.encode_max_depth(1000)",
  'return cjson.encode_max_depth(0)',
  'return cjson.encode_number_precision(15)',
  "return cjson.encode_keep_buffer('x')",
  'return cjson.encode_keep_buffer(1)',
  'return cjson.encode_keep_buffer(1, 2)',
  'return cjson.encode_sparse_array(true, -1)',
  "return cjson.encode_invalid_numbers('maybe')",
  'local c = cjson.new() c.encode_max_depth(1) local ok, e = pcall(c.encode, {{1}}) return {e, cjson.encode({{1}})}',
];

/**
 * cjson's settings, one script setting each and the next reading it: Redis 7.0 runs every script
 * on one Lua state, so the global cjson's settings last until the server restarts (or SCRIPT
 * FLUSH). Each is put back, so the server's other scripts see the defaults.
 */
const SETTINGS_KEPT = [
  'return cjson.encode_max_depth(2)',
  'return cjson.encode_max_depth()',
  'local ok, e = pcall(cjson.encode, {{{1}}}) return e',
  'return cjson.encode_max_depth(1000)',
  'return cjson.decode_max_depth(1)',
  "local ok, e = pcall(cjson.decode, '[[1]]') return e",
  'return cjson.decode_max_depth(1000)',
  'return cjson.encode_number_precision(3)',
  'return cjson.encode(math.pi)',
  'return cjson.encode_number_precision(14)',
  "return cjson.encode_invalid_numbers('null')",
  'return cjson.encode({0/0, 1/0, -1/0})',
  'return tostring(cjson.encode_invalid_numbers(true))',
  'return cjson.encode({0/0, 1/0, -1/0})',
  'return tostring(cjson.encode_invalid_numbers(false))',
  'return tostring(cjson.encode_keep_buffer(false))',
  'return tostring(cjson.encode_keep_buffer())',
  'return tostring(cjson.encode_keep_buffer(true))',
  'local a, b, c = cjson.encode_sparse_array(true, 3, 4) return {tostring(a), b, c}',
  'return cjson.encode({[1] = 1, [20] = 2})',
  'local a, b, c = cjson.encode_sparse_array(false, 2, 10) return {tostring(a), b, c}',
  'return tostring(cjson.decode_invalid_numbers(false))',
  "local ok, e = pcall(cjson.decode, 'NaN') return e",
  'return tostring(cjson.decode_invalid_numbers(true))',
  // cjson.new() makes a module of its own, with the defaults, whatever the global one holds.
  'cjson.encode_max_depth(7) local d = cjson.new().encode_max_depth() cjson.encode_max_depth(1000) return d',
  'return cjson.new().encode_max_depth(3)',
  'return cjson.encode_max_depth()',
];

/** bit: LuaBitOp's 32-bit operations on Lua 5.1's doubles. */
const BIT = [
  'return bit.tobit(0xffffffff)',
  'return bit.tobit(2^32 + 5)',
  'return bit.tobit(1.5)',
  'return bit.tobit(2.5)',
  'return bit.tobit(-1.5)',
  'return bit.tobit(2^60 + 3)',
  'return bit.tobit(0/0)',
  'return bit.tobit(1/0)',
  "return bit.tobit('12')",
  'return bit.bnot(0)',
  'return bit.band(0xff, 0x0f, 0x3)',
  'return bit.bor(1, 2, 4, 8)',
  'return bit.bxor(0xff, 0x0f)',
  'return bit.band(5)',
  'return bit.lshift(1, 31)',
  'return bit.lshift(1, 32)',
  'return bit.lshift(1, 33)',
  'return bit.rshift(-1, 28)',
  'return bit.arshift(-256, 4)',
  'return bit.rol(0x12345678, 8)',
  'return bit.ror(0x12345678, 8)',
  'return bit.rol(1, 0)',
  'return bit.bswap(0x12345678)',
  'return bit.tohex(255)',
  'return bit.tohex(-1)',
  'return bit.tohex(255, 2)',
  'return bit.tohex(255, -2)',
  'return bit.tohex(0x12345678, 12)',
  'return bit.tohex(-1, -4)',
  'return bit.tohex(1, 0)',
  'return bit.tohex(1, -2^31)',
  "return bit.band('x')",
  'return bit.band()',
  'return bit.band(1, {})',
  "return bit.band(1, '0x10')",
  'return bit.lshift(1)',
  'return bit.tohex(1, nil)',
  'local r = {} for k in pairs(bit) do r[#r + 1] = k end table.sort(r) return r',
];

/** A script's binary string as hex, so both replies are plain text. */
const HEX =
  "local function hex(s) return (s:gsub('.', function(c) return string.format('%02x', string.byte(c)) end)) end ";

/** struct: binary records packed and unpacked as lua_struct.c does on x86-64. */
const STRUCT = [
  "return hex(struct.pack('>I2', 258))",
  "return hex(struct.pack('<I2', 258))",
  "return hex(struct.pack('i', -2))",
  "return hex(struct.pack('>i3', -2))",
  "return hex(struct.pack('bBhHlLT', -1, 255, -2, 65535, -3, 2^40, 7))",
  "return hex(struct.pack('<i12', -1))",
  "return hex(struct.pack('>d', 1.5) .. struct.pack('<f', -0.1))",
  "return hex(struct.pack('!4 b i', 1, 2))",
  "return hex(struct.pack('!bd', 1, 2))",
  "return hex(struct.pack('!2 b h x i', 1, 2, 3))",
  "return hex(struct.pack('c3', 'abcdef'))",
  "return hex(struct.pack('c0', 'abc'))",
  "return hex(struct.pack('s', 'ab'))",
  "return hex(struct.pack('B', 256) .. struct.pack('B', 3.7) .. struct.pack('b', -1.5))",
  "return hex(struct.pack('>L', 2^64))",
  "return hex(struct.pack('>l', -2^63))",
  "return hex(struct.pack('>L', 2^63))",
  "return hex(struct.pack('>i', '12'))",
  "return struct.pack('c5', 'ab')",
  "return struct.pack('i')",
  "return struct.pack('i', 'x')",
  "return struct.pack('z', 1)",
  "return struct.pack('i33', 1)",
  "return struct.pack('!3 i', 1)",
  "return struct.pack('i99999999999', 1)",
  'return struct.pack()',
  "return struct.pack('c', {})",
  "return {struct.unpack('>I2', '\\1\\2')}",
  "return {struct.unpack('<i2', '\\254\\255')}",
  "return {struct.unpack('bB', '\\255\\255')}",
  "local a, b = struct.unpack('>d', struct.pack('>d', 1.5)) return {tostring(a), b}",
  "local a = struct.unpack('<f', struct.pack('<f', 0.1)) return tostring(a)",
  "return {struct.unpack('c2 c1', 'abc')}",
  "return {struct.unpack('b c0', '\\3abcd')}",
  "return {struct.unpack('s s', 'ab\\0cd\\0')}",
  "return {struct.unpack('b', 'xyz', 2)}",
  "return {struct.unpack('!4 b i', struct.pack('!4 b i', 1, 2))}",
  "return {struct.unpack('>L', '\\255\\255\\255\\255\\255\\255\\255\\255')}",
  "return tostring(struct.unpack('>l', '\\128\\0\\0\\0\\0\\0\\0\\1'))",
  "return {struct.unpack('>i9', '\\255\\255\\255\\255\\255\\255\\255\\255\\255')}",
  "return {struct.unpack('x b', 'ab')}",
  "return struct.unpack('i', 'ab')",
  "return struct.unpack('b', 'ab', 0)",
  "return struct.unpack('b', 'ab', -1)",
  "return struct.unpack('b', 'ab', 3)",
  "return struct.unpack('s', 'ab')",
  "return struct.unpack('c0', 'ab')",
  "return struct.unpack('b c0', '\\9ab')",
  "return struct.unpack('q', 'ab')",
  "return struct.unpack('b', 'ab', 'x')",
  "return struct.unpack('b')",
  "return select('#', struct.unpack(string.rep('b', 9000), string.rep('x', 9000)))",
  "return struct.size('i b >h !8 d')",
  "return struct.size('!8 b d')",
  "return struct.size('c10 x')",
  "return struct.size('s')",
  "return struct.size('c0')",
  "return struct.size('q')",
  "return struct.size('?')",
  'local r = {} for k in pairs(struct) do r[#r + 1] = k end table.sort(r) return r',
].map((script) => HEX + script);

/** cmsgpack: MessagePack as lua-cmsgpack packs and unpacks it on Lua 5.1's doubles. */
const CMSGPACK = [
  'return hex(cmsgpack.pack(0, 1, 127, 128, 255, 256, 65535, 65536, 2^32 - 1, 2^32, 2^53))',
  'return hex(cmsgpack.pack(-1, -32, -33, -128, -129, -32768, -32769, -2^31, -2^31 - 1, -2^63))',
  'return hex(cmsgpack.pack(1.5, 0.1, 1/0, -1/0, 2^63, 2^64, -0.0))',
  'return hex(cmsgpack.pack(0/0)):sub(1, 2)',
  "return hex(cmsgpack.pack('', 'abc', string.rep('x', 31), string.rep('x', 32)):sub(1, 80))",
  "return hex(cmsgpack.pack(string.rep('x', 256)):sub(1, 8) .. cmsgpack.pack(string.rep('x', 65536)):sub(1, 5))",
  'return hex(cmsgpack.pack(true, false, nil, cmsgpack.pack, {}))',
  "return hex(cmsgpack.pack({1, 2, 3}, {[1] = 'a', [3] = 'c'}, {x = 1}))",
  'local t = {} for i = 1, 16 do t[i] = i end return hex(cmsgpack.pack(t))',
  'local t = {} t[1] = t return hex(cmsgpack.pack(t))',
  'local t = {} local c = t for i = 1, 20 do c.n = {} c = c.n end return hex(cmsgpack.pack(t))',
  'return cmsgpack.pack()',
  "return {cmsgpack.unpack(cmsgpack.pack(1, 'two', {3, 4}, true))}",
  'local a, b, c = cmsgpack.unpack(cmsgpack.pack(1.5, -2^40, 2^64)) return {tostring(a), tostring(b), tostring(c)}',
  "local t = cmsgpack.unpack(cmsgpack.pack({id = 7, name = 'Ada', tags = {'a', 'b'}})) return {t.id, t.name, t.tags[2]}",
  'return {cmsgpack.unpack_one(cmsgpack.pack(1, 2, 3))}',
  'return {cmsgpack.unpack_one(cmsgpack.pack(1, 2, 3), 1)}',
  'return {cmsgpack.unpack_one(cmsgpack.pack(1, 2, 3), 2)}',
  'return {cmsgpack.unpack_limit(cmsgpack.pack(1, 2, 3), 2)}',
  'return {cmsgpack.unpack_limit(cmsgpack.pack(1, 2, 3), 2, 1)}',
  'return {cmsgpack.unpack_limit(cmsgpack.pack(1, 2, 3), 0)}',
  'return cmsgpack.unpack_one(cmsgpack.pack(1), -1)',
  'return cmsgpack.unpack_one(cmsgpack.pack(1), 5)',
  'return cmsgpack.unpack_limit(cmsgpack.pack(1), -1)',
  'return cmsgpack.unpack_limit(cmsgpack.pack(1))',
  "return cmsgpack.unpack_one(cmsgpack.pack(1), 'x')",
  "return {cmsgpack.unpack('')}",
  "return cmsgpack.unpack('\\205\\1')",
  "return cmsgpack.unpack('\\193')",
  "return cmsgpack.unpack('\\196\\1a')",
  "return cmsgpack.unpack('\\146\\1')",
  "return cmsgpack.unpack('\\219\\0\\0\\0\\9abc')",
  'return cmsgpack.unpack()',
  'return cmsgpack.unpack({})',
  "return ({cmsgpack.unpack('\\147\\1\\192\\3')})[1][3]",
  "return type(cmsgpack.unpack(string.rep('\\145', 3000) .. '\\1'))",
  "return select('#', cmsgpack.unpack(string.rep('\\1', 9000)))",
  "return type(cmsgpack.unpack(string.rep('\\145', 5000) .. '\\1'))",
  'return cmsgpack._NAME .. " " .. cmsgpack._VERSION',
  'local r = {} for k in pairs(cmsgpack) do r[#r + 1] = k end table.sort(r) return r',
].map((script) => HEX + script);

describeAgainstRedis(
  "Redis' Lua libraries cjson, bit, struct and cmsgpack in a script, against a real redis-server",
  ({ differences }) => {
    it('encodes a Lua value as cjson.encode does: %.14g numbers, sparse arrays, its errors', async () => {
      // Before, every script naming cjson failed with "Redis' cjson is not in this sandbox".
      expect(await differences(ENCODE)).toEqual([]);
    });

    it("decodes JSON as cjson.decode does, cjson.null for null, and fails in cjson's words", async () => {
      expect(await differences(DECODE)).toEqual([]);
    });

    it("reads and checks cjson's settings as Redis does", async () => {
      expect(await differences(SETTINGS)).toEqual([]);
    });

    it("keeps a cjson setting for the scripts after, as Redis 7.0's one Lua state does", async () => {
      // Before, each script began with the defaults here: encode_max_depth(2) in one script,
      // encode_max_depth() in the next answered 1000 (Redis: 2).
      expect(await differences(SETTINGS_KEPT)).toEqual([]);
    });

    it("has LuaBitOp's bit library, 32-bit, as Redis does", async () => {
      // Before, every script naming bit failed with "Redis' bit is not in this sandbox".
      expect(await differences(BIT)).toEqual([]);
    });

    it('packs, unpacks and sizes binary records as struct does', async () => {
      // Before, every script naming struct failed with "Redis' struct is not in this sandbox".
      expect(await differences(STRUCT)).toEqual([]);
    });

    it('packs and unpacks MessagePack as cmsgpack does', async () => {
      // Before, every script naming cmsgpack failed with "Redis' cmsgpack is not in this sandbox".
      expect(await differences(CMSGPACK)).toEqual([]);
    });
  },
);

describe("Redis' Lua globals the sandbox does not have", () => {
  it('refuses gcinfo in words that say what to use, not that scripts have no libraries', async () => {
    // Before, the refusal said "its scripts have Lua's own libraries only", false once cjson,
    // bit, struct and cmsgpack are here.
    const reply = await sandboxRedis().eval('return gcinfo()');
    expect(reply).toEqual({
      error: expect.stringMatching(
        /^ERR user_script:1: Redis' gcinfo is not in this sandbox: use collectgarbage\('count'\) script: [0-9a-f]{40}, on @user_script:1\.$/,
      ) as unknown,
    });
  });
});
