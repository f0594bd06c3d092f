-- wrk script for scripts/bench.py: GET a page, or submit a signal form, and
-- print one RESULT line the Python side parses.
local method = os.getenv("BENCH_METHOD") or "GET"
local csrf = os.getenv("BENCH_CSRF") or ""
local boundary = "----sterkhuisbench"

local function field(name, value)
  return "--" .. boundary .. "\r\nContent-Disposition: form-data; name=\"" .. name ..
    "\"\r\n\r\n" .. value .. "\r\n"
end

if method == "SIGNAL" then
  local body = field("csrfmiddlewaretoken", csrf) ..
    field("kind", "compliment") ..
    field("title", "Mooi artikel over pleegzorg") ..
    field("description", "In de krant stond een positief stuk over ons werk.") ..
    field("url", "https://www.example.nl/nieuws/pleegzorg") ..
    field("platform", "nieuwssite") ..
    "--" .. boundary .. "--\r\n"
  wrk.method = "POST"
  wrk.body = body
  wrk.headers["Content-Type"] = "multipart/form-data; boundary=" .. boundary
  wrk.headers["X-CSRFToken"] = csrf
  wrk.headers["Referer"] = "http://127.0.0.1/meldingen/nieuw/"
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %d %d %d %d %d\n", summary.requests,
    e.connect + e.read + e.write + e.status + e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    summary.duration))
end
