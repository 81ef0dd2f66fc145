-- wrk script: /api/search with a realistic mix (snippets, person+country facets, the timeline on
-- every request; a third with an entity filter), one query per request, cycling through a file of
-- queries (QUERIES env var; one per line).
local queries = {}
local path = os.getenv("QUERIES") or "../shared/peers/queries/news-queries.txt"
for line in io.lines(path) do
  if line ~= "" and line:sub(1, 1) ~= "#" then
    table.insert(queries, line)
  end
end
local filters = { "", "", "&country=United+States", "", "&country=Russia", "" }
local counter = 0

local function encode(text)
  return (text:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

request = function()
  counter = counter + 1
  local q = queries[(counter % #queries) + 1]
  local filter = filters[(counter % #filters) + 1]
  return wrk.format("GET", "/api/search?q=" .. encode(q) .. filter .. "&size=10&facets=10")
end

local errors = 0
response = function(status, headers, body)
  if status >= 500 then errors = errors + 1 end
end

done = function(summary, latency, requests)
  io.write(string.format("requests %d, q/s %.1f, p50 %.2f ms, p99 %.2f ms, non-2xx/3xx %d, socket errors %d\n",
    summary.requests, summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, summary.errors.status, summary.errors.connect + summary.errors.read +
    summary.errors.write + summary.errors.timeout))
end
