-- wrk script for scripts/bench.py: GET a page, or submit a signal form, and
-- print one RESULT line the Python side parses.
--
-- wrk only counts HTTP statuses >= 400 as errors. A session that has expired
-- would answer every GET with a redirect to the login page, and a signal form
-- that does not validate answers 200: both would look like fast successes.
-- So every response with another status than the page should give counts as
-- an error here.
local method = os.getenv("BENCH_METHOD") or "GET"
local csrf = os.getenv("BENCH_CSRF") or ""
local boundary = "----sterkhuisbench"
local expected = 200
local unexpected = 0
local threads = {}
local sessions = {}
local next_session = 0

local function field(name, value)
  return "--" .. boundary .. "\r\nContent-Disposition: form-data; name=\"" .. name ..
    "\"\r\n\r\n" .. value .. "\r\n"
end

-- Each signal needs its own submission key: the form treats a repeated key
-- as the same signal sent twice and stores it once.
local function uuid4()
  return (string.gsub("xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx", "[xy]", function(c)
    local v = (c == "x") and math.random(0, 15) or math.random(8, 11)
    return string.format("%x", v)
  end))
end

setup = function(thread)
  table.insert(threads, thread)
end

init = function(args)
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)") or "0", 16))
  if method == "SIGNAL" then
    expected = 302
    wrk.method = "POST"
    wrk.headers["Content-Type"] = "multipart/form-data; boundary=" .. boundary
    wrk.headers["X-CSRFToken"] = csrf
    wrk.headers["Referer"] = "http://127.0.0.1/meldingen/nieuw/"
  elseif method == "SIGN" then
    -- The signing wave: every request signs as the next person in the file
    -- of sessions, so each one stores a new signature.
    expected = 302
    for line in io.lines(os.getenv("BENCH_SESSIONS")) do
      table.insert(sessions, line)
    end
  end
end

if method == "SIGN" then
  request = function()
    next_session = next_session % #sessions + 1
    local headers = {
      ["Cookie"] = "sessionid=" .. sessions[next_session] .. "; csrftoken=" .. csrf,
      ["Content-Type"] = "application/x-www-form-urlencoded",
      ["Referer"] = "http://127.0.0.1/",
    }
    local body = "csrfmiddlewaretoken=" .. csrf .. "&version=2&confirmed=on"
    return wrk.format("POST", nil, headers, body)
  end
end

if method == "SIGNAL" then
  request = function()
    local body = field("csrfmiddlewaretoken", csrf) ..
      field("kind", "compliment") ..
      field("title", "Mooi artikel over pleegzorg") ..
      field("description", "In de krant stond een positief stuk over ons werk.") ..
      field("url", "https://www.example.nl/nieuws/pleegzorg") ..
      field("platform", "nieuwssite") ..
      field("seen_on", "") ..
      field("pending", "") ..
      field("submission_key", uuid4()) ..
      "--" .. boundary .. "--\r\n"
    return wrk.format(nil, nil, nil, body)
  end
end

response = function(status, headers, body)
  if status ~= expected then
    unexpected = unexpected + 1
  end
end

done = function(summary, latency, requests)
  local e = summary.errors
  local wrong = 0
  for _, thread in ipairs(threads) do
    wrong = wrong + (thread:get("unexpected") or 0)
  end
  -- Statuses >= 400 are in both counts: take the larger, not the sum.
  local errors = math.max(e.status, wrong) + e.connect + e.read + e.write + e.timeout
  io.write(string.format("RESULT %d %d %d %d %d %d\n", summary.requests,
    errors, latency:percentile(50), latency:percentile(95), latency:percentile(99),
    summary.duration))
end
