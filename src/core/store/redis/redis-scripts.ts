/**
 * The Lua scripts that make each step atomic on the Redis server. Keys (P = the prefix):
 * `P seq` last change number, `P log` stream of committed records (id `<seq>-1`), `P ns` set of
 * namespaces with state, `P apis:<ns>` set of APIs a namespace materialised, `P d:<len>:<ns>:<api>`
 * hash of documents (field `[coll,id]`, value `<pos> <json>`), `P seed:<api>` the seeds in the
 * same shape, `P seeds` hash of the seeds as JSON (api → `{coll: {id: doc}}`, what a replica
 * reloads), `P rev` hash of revision marks (JSON paths → seq of their last change).
 * Documents stay opaque strings: Lua never decodes them (cjson would reorder or reshape them).
 */

const DATA_KEY = `local function dkey(P, ns, api) return P .. 'd:' .. string.len(ns) .. ':' .. ns .. ':' .. api end`;

/**
 * ARGV: prefix, readSeq (-1: no check), maxNamespaces, nChecks, check fields..., record, maxlen,
 * then per change 7 values: kind (put, del, Rna, Rn, Ra, R), ns, api, field, rev field, collection rev field, text.
 * Returns {'ok', seq}, {'conflict'} (a read was changed after readSeq) or {'limit'}.
 */
export const COMMIT = `${DATA_KEY}
local P = ARGV[1]
local readSeq = tonumber(ARGV[2])
local maxNs = tonumber(ARGV[3])
local nChecks = tonumber(ARGV[4])
if readSeq >= 0 and nChecks > 0 then
  local revs = redis.call('HMGET', P .. 'rev', unpack(ARGV, 5, 4 + nChecks))
  for i = 1, nChecks do
    if revs[i] and tonumber(revs[i]) > readSeq then return {'conflict'} end
  end
end
local at = 5 + nChecks
local record, maxlen = ARGV[at], ARGV[at + 1]
local fresh, freshCount = {}, 0
for i = at + 2, #ARGV, 7 do
  local kind, ns = ARGV[i], ARGV[i + 1]
  if (kind == 'put' or kind == 'del') and ns ~= 'default' and not fresh[ns] and redis.call('SISMEMBER', P .. 'ns', ns) == 0 then
    fresh[ns] = true
    freshCount = freshCount + 1
  end
end
if freshCount > 0 then
  local named = redis.call('SCARD', P .. 'ns') - redis.call('SISMEMBER', P .. 'ns', 'default')
  if named + freshCount > maxNs then return {'limit'} end
end
local seq = redis.call('INCR', P .. 'seq')
local rev = P .. 'rev'
for i = at + 2, #ARGV, 7 do
  local kind, ns, api, field, docRev, collRev, text = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3], ARGV[i + 4], ARGV[i + 5], ARGV[i + 6]
  if kind == 'put' or kind == 'del' then
    local d = dkey(P, ns, api)
    redis.call('SADD', P .. 'ns', ns)
    if redis.call('SADD', P .. 'apis:' .. ns, api) == 1 then
      redis.call('DEL', d)
      if redis.call('EXISTS', P .. 'seed:' .. api) == 1 then redis.call('COPY', P .. 'seed:' .. api, d) end
    end
    if kind == 'put' then
      local old = redis.call('HGET', d, field)
      local pos = old and string.match(old, '^(%-?%d+) ') or redis.call('INCR', P .. 'pos')
      redis.call('HSET', d, field, pos .. ' ' .. text)
    else
      redis.call('HDEL', d, field)
    end
    redis.call('HSET', rev, docRev, seq, collRev, seq)
  else
    if kind == 'Rna' then
      redis.call('DEL', dkey(P, ns, api))
      redis.call('SREM', P .. 'apis:' .. ns, api)
    elseif kind == 'Rn' then
      for _, a in ipairs(redis.call('SMEMBERS', P .. 'apis:' .. ns)) do redis.call('DEL', dkey(P, ns, a)) end
      redis.call('DEL', P .. 'apis:' .. ns)
      redis.call('SREM', P .. 'ns', ns)
    elseif kind == 'Ra' then
      for _, n in ipairs(redis.call('SMEMBERS', P .. 'ns')) do
        redis.call('DEL', dkey(P, n, api))
        redis.call('SREM', P .. 'apis:' .. n, api)
      end
    else
      for _, n in ipairs(redis.call('SMEMBERS', P .. 'ns')) do
        for _, a in ipairs(redis.call('SMEMBERS', P .. 'apis:' .. n)) do redis.call('DEL', dkey(P, n, a)) end
        redis.call('DEL', P .. 'apis:' .. n)
      end
      redis.call('DEL', P .. 'ns')
    end
    redis.call('HSET', rev, docRev, seq)
  end
end
redis.call('XADD', P .. 'log', 'MAXLEN', '~', maxlen, seq .. '-1', 'r', record)
return {'ok', seq}
`;

/** ARGV: prefix, seq the replica has, most records. Returns {seq} or {seq, records after it}. */
export const CATCH_UP = `
local P = ARGV[1]
local seq = tonumber(redis.call('GET', P .. 'seq') or '0')
local have = tonumber(ARGV[2])
if seq <= have then return {seq} end
return {seq, redis.call('XRANGE', P .. 'log', '(' .. have .. '-1', '+', 'COUNT', ARGV[3])}
`;

/**
 * Replaces the seeds of one API (a namespace without state of its own reads them, a first write
 * copies them, a reset goes back to them) as one change: the stream carries it to every replica.
 * ARGV: prefix, api, seeds as JSON, maxlen, rev field (the API's reset mark everywhere: a request
 * that read the old seeds is refused and runs again), then field, value pairs of `P seed:<api>`.
 * Returns the change's seq.
 */
export const SEED = `
local P, api, text, maxlen, revField = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local key = P .. 'seed:' .. api
redis.call('DEL', key)
for i = 6, #ARGV, 1000 do redis.call('HSET', key, unpack(ARGV, i, math.min(i + 999, #ARGV))) end
redis.call('HSET', P .. 'seeds', api, text)
local seq = redis.call('INCR', P .. 'seq')
redis.call('HSET', P .. 'rev', revField, seq)
redis.call('XADD', P .. 'log', 'MAXLEN', '~', maxlen, seq .. '-1', 'seed', api, 'c', text)
return seq
`;

/** ARGV: prefix. Returns {seq, namespaces, {api, seeds JSON, ...}, then per materialised API: ns, api, {field, value, ...}}. */
export const DUMP = `${DATA_KEY}
local P = ARGV[1]
local out = {tonumber(redis.call('GET', P .. 'seq') or '0'), redis.call('SMEMBERS', P .. 'ns'), redis.call('HGETALL', P .. 'seeds')}
for _, n in ipairs(out[2]) do
  for _, a in ipairs(redis.call('SMEMBERS', P .. 'apis:' .. n)) do
    table.insert(out, n)
    table.insert(out, a)
    table.insert(out, redis.call('HGETALL', dkey(P, n, a)))
  end
end
return out
`;

/** The key of one API's documents in one namespace (length-prefixed: any namespace name is safe). */
export const dataKey = (prefix: string, ns: string, api: string): string => `${prefix}d:${Buffer.byteLength(ns)}:${ns}:${api}`;
