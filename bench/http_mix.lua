-- http_mix.lua: wrk script of bench/http-bench. Sends the request targets of a
-- file (bench/http_mix.py's cold.txt or warm.txt), one target a line, and prints
-- wrk's figures as one JSON line at the end.
--
--   wrk -t2 -c32 -d15s --latency -s bench/http_mix.lua URL -- FILE ORDER SEED THREADS [statuses|-] [OFFSET]
--
--   FILE     the targets
--   ORDER    cycle: each wrk thread walks the file in turn from its own starting
--            point (thread i of THREADS starts at line i * lines / THREADS), so
--            consecutive requests never repeat a target;
--            zipf: a seeded draw per request, line r (from 1) with weight 1 / r
--            (the file lists the most popular first)
--   SEED     seed of the zipf draws (each thread adds its number)
--   THREADS  wrk's -t, for the starting points
--   OFFSET   cycle: lines every thread skips past its starting point (default 0),
--            so that consecutive runs (bench/soak's windows) go on through the
--            file where the last one stopped instead of repeating its targets
--   statuses count every answer whose status is not 2xx (non_2xx in the JSON),
--            the 5xx among them (status_5xx), the 503s that say a request ran
--            out of time (timeout_503, also in status_5xx) and the 200s that
--            answer with what a search found before its deadline (timed_out_200:
--            `"timed_out":true` in the body). This hands each response to Lua,
--            which costs wrk CPU: fine at cold rates (hundreds a second), not at
--            warm ones (tens of thousands)
--
-- The last line of output is `http_mix: {json}` with requests, seconds,
-- requests_per_second, bytes, the error counts (connect, read, write, timeout;
-- status: answers with a status of 400 or more, as wrk counts them), and
-- latency p50/p90/p99/max in milliseconds, and non_2xx, status_5xx, timeout_503
-- and timed_out_200 (each -1 when not counted).

local threads = {}

function setup(thread)
  thread:set("id", #threads)
  threads[#threads + 1] = thread
end

local targets = {}
local order = "cycle"
local next_index = 1
local cumulative = {}
local state = 1
-- Read by done() through thread:get.
non_2xx = 0
status_5xx = 0
timeout_503 = 0
timed_out_200 = 0

-- Park-Miller minimal standard generator: exact in doubles, the same in every Lua.
local function uniform()
  state = (state * 48271) % 2147483647
  return state / 2147483647
end

function init(args)
  local file, seed, threads = args[1], tonumber(args[3] or "42"), tonumber(args[4] or "1")
  order = args[2] or "cycle"
  for line in io.lines(file) do
    if line ~= "" and line:sub(1, 1) ~= "#" then targets[#targets + 1] = line end
  end
  if #targets == 0 then error("http_mix.lua: no targets in " .. tostring(file)) end
  local thread_id = id or 0
  local offset = tonumber(args[6] or "0")
  next_index = (math.floor(thread_id * #targets / threads) + offset) % #targets + 1
  state = (seed + thread_id) % 2147483646 + 1
  local total = 0
  for rank = 1, #targets do
    total = total + 1 / rank
    cumulative[rank] = total
  end
  for rank = 1, #targets do cumulative[rank] = cumulative[rank] / total end
  if args[5] == "statuses" then
    -- Defined here, before wrk looks for it after init, and only when asked.
    response = function(status, headers, body)
      if status < 200 or status > 299 then non_2xx = non_2xx + 1 end
      if status >= 500 then status_5xx = status_5xx + 1 end
      -- searchd's deadline: a 503 whose error names the timeout, or a 200 with
      -- what the search found in time (plain finds: no patterns on bodies).
      if status == 503 and body and body:find("timeout", 1, true) then timeout_503 = timeout_503 + 1 end
      if status == 200 and body and body:find('"timed_out":true', 1, true) then
        timed_out_200 = timed_out_200 + 1
      end
    end
    counting = true
  end
end

local function zipf_index()
  local u = uniform()
  local lo, hi = 1, #targets
  while lo < hi do  -- the first rank whose cumulative weight reaches u
    local mid = math.floor((lo + hi) / 2)
    if cumulative[mid] < u then lo = mid + 1 else hi = mid end
  end
  return lo
end

function request()
  local index
  if order == "zipf" then
    index = zipf_index()
  else
    index = next_index
    next_index = next_index % #targets + 1
  end
  return wrk.format("GET", targets[index])
end

function done(summary, latency, requests)
  local e = summary.errors
  local seconds = summary.duration / 1e6
  local counted = { non_2xx = -1, status_5xx = -1, timeout_503 = -1, timed_out_200 = -1 }
  if threads[1] and threads[1]:get("counting") then
    for name in pairs(counted) do
      counted[name] = 0
      for _, thread in ipairs(threads) do counted[name] = counted[name] + thread:get(name) end
    end
  end
  io.write(string.format(
    'http_mix: {"requests": %d, "seconds": %.3f, "requests_per_second": %.1f, "bytes": %d, ' ..
    '"connect_errors": %d, "read_errors": %d, "write_errors": %d, "timeout_errors": %d, "status_errors": %d, ' ..
    '"p50_ms": %.3f, "p90_ms": %.3f, "p99_ms": %.3f, "max_ms": %.3f, "non_2xx": %d, ' ..
    '"status_5xx": %d, "timeout_503": %d, "timed_out_200": %d}\n',
    summary.requests, seconds, summary.requests / seconds, summary.bytes,
    e.connect, e.read, e.write, e.timeout, e.status,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, counted.non_2xx, counted.status_5xx, counted.timeout_503, counted.timed_out_200))
end
