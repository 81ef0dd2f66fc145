-- wrk script: /api/search with the mix of issues 4 and 5: top 10 with snippets and person + country
-- facet counts on every request (MIX=full adds all four facet kinds and the timeline); a third of
-- the requests add a country filter. Cycles through a file of queries (QUERIES env var).
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
  local extras = "&size=10&facets=10&facet=person&facet=country&histogram=false"
  if os.getenv("MIX") == "full" then extras = "&size=10&facets=10" end
  return wrk.format("GET", "/api/search?q=" .. encode(q) .. filter .. extras)
end

-- No `response` callback: wrk then skips handing every body to Lua, which on a two-core machine
-- took CPU from the server; wrk counts non-2xx/3xx answers itself (summary.errors.status).
done = function(summary, latency, requests)
  io.write(string.format("requests %d, q/s %.1f, p50 %.2f ms, p99 %.2f ms, non-2xx/3xx %d, socket errors %d\n",
    summary.requests, summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, summary.errors.status, summary.errors.connect + summary.errors.read +
    summary.errors.write + summary.errors.timeout))
end
