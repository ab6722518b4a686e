-- wrk script of bench/votes_http.py: every request casts the ballot of a different resident.
-- Person ids come from a file (one a line); thread k of n takes lines k, k+n, k+2n, …
-- Arguments: ids_file, threads, path, key, option ids (comma-separated).
local threads = {}

function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

function init(args)
  local n, path, key = tonumber(args[2]), args[3], args[4]
  options = {}
  for o in string.gmatch(args[5], "%d+") do table.insert(options, tonumber(o)) end
  mine, i, issued = {}, 0, 0
  local k = 0
  for line in io.lines(args[1]) do
    if k % n == tid then table.insert(mine, tonumber(line)) end
    k = k + 1
  end
  s2xx, s4xx, s5xx, sother = 0, 0, 0, 0
  headers = {["Authorization"] = "Bearer " .. key, ["Content-Type"] = "application/json"}
  target = path
end

function request()
  i = i + 1
  local pid = mine[i]
  if pid == nil then pid = mine[1] end  -- out of persons: repeats are refused, shown as 4xx
  issued = issued + 1
  headers["X-Voter-IP"] = "10.0." .. (pid % 200) .. "." .. (pid % 250 + 1)
  local body = '{"person_id": ' .. pid .. ', "option": ' .. options[pid % #options + 1] .. '}'
  return wrk.format("POST", target, headers, body)
end

function response(status, hdrs, body)
  if status >= 200 and status < 300 then s2xx = s2xx + 1
  elseif status >= 400 and status < 500 then s4xx = s4xx + 1
  elseif status >= 500 then s5xx = s5xx + 1
  else sother = sother + 1 end
end

function done(summary, latency, requests)
  local a = {issued = 0, s2xx = 0, s4xx = 0, s5xx = 0, sother = 0}
  for _, t in ipairs(threads) do
    for name, _ in pairs(a) do a[name] = a[name] + (t:get(name) or 0) end
  end
  local e = summary.errors
  io.write(string.format('{"p50": %.2f, "p95": %.2f, "p99": %.2f, "max": %.2f, ' ..
    '"mean": %.2f, "responses": %d, "seconds": %.2f, "issued": %d, "s2xx": %d, ' ..
    '"s4xx": %d, "s5xx": %d, "sother": %d, "connect": %d, "read": %d, "write": %d, ' ..
    '"timeout": %d}\n',
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, latency.mean / 1000,
    summary.requests, summary.duration / 1e6, a.issued, a.s2xx, a.s4xx, a.s5xx, a.sother,
    e.connect, e.read, e.write, e.timeout))
end
