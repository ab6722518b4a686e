-- wrk script of bench/votes_web.py: every request is another logged-in resident pressing
-- «Отправить» on the ballot's last screen. Session keys come from a file (one a line); thread k
-- of n takes lines k, k+n, k+2n, … Arguments: sessions_file, threads, path, csrf secret.
local threads = {}

function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

function init(args)
  local n = tonumber(args[2])
  target, csrf = args[3], args[4]
  mine, i, issued, repeated = {}, 0, 0, 0
  local k = 0
  for line in io.lines(args[1]) do
    if k % n == tid then table.insert(mine, line) end
    k = k + 1
  end
  s2xx, s3xx, s4xx, s5xx, sother = 0, 0, 0, 0, 0
  body = "csrfmiddlewaretoken=" .. csrf
end

function request()
  i = i + 1
  local key = mine[i]
  if key == nil then key = mine[1]; repeated = repeated + 1 end  -- out of residents
  issued = issued + 1
  return wrk.format("POST", target, {
    ["Cookie"] = "sessionid=" .. key .. "; csrftoken=" .. csrf,
    ["Content-Type"] = "application/x-www-form-urlencoded"}, body)
end

function response(status, hdrs, body)
  if status >= 200 and status < 300 then s2xx = s2xx + 1
  elseif status >= 300 and status < 400 then s3xx = s3xx + 1
  elseif status >= 400 and status < 500 then s4xx = s4xx + 1
  elseif status >= 500 then s5xx = s5xx + 1
  else sother = sother + 1 end
end

function done(summary, latency, requests)
  local a = {issued = 0, repeated = 0, s2xx = 0, s3xx = 0, s4xx = 0, s5xx = 0, sother = 0}
  for _, t in ipairs(threads) do
    for name, _ in pairs(a) do a[name] = a[name] + (t:get(name) or 0) end
  end
  io.write(string.format('{"p50": %.2f, "p95": %.2f, "p99": %.2f, "responses": %d, ' ..
    '"seconds": %.2f, "issued": %d, "repeated": %d, "s2xx": %d, "s3xx": %d, "s4xx": %d, ' ..
    '"s5xx": %d, "sother": %d, "connect": %d, "read": %d, "write": %d, "timeout": %d}\n',
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, summary.requests, summary.duration / 1e6, a.issued,
    a.repeated, a.s2xx, a.s3xx, a.s4xx, a.s5xx, a.sother, summary.errors.connect,
    summary.errors.read, summary.errors.write, summary.errors.timeout))
end
