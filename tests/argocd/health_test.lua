-- Runs examples/argocd/health.lua the way Argo CD does (the resource as the global `obj`)
-- against sample ReadingLists, and checks argocd-cm-patch.yaml carries the same script.
-- Usage: lua5.1 health_test.lua SOURCE_DIR
local source_dir = assert(arg[1], "usage: health_test.lua SOURCE_DIR")
local script_path = source_dir .. "/examples/argocd/health.lua"
local failures = 0

local function health(object)
  local chunk = assert(loadfile(script_path))
  setfenv(chunk, { obj = object, ipairs = ipairs, pairs = pairs, tostring = tostring })
  return chunk()
end

local function list(generation, status)
  return { metadata = { name = "talk", generation = generation }, status = status }
end

local function condition(status, reason, message)
  return { type = "Ready", status = status, reason = reason, message = message }
end

local function expect(name, object, status, message_part)
  local hs = health(object)
  local ok = hs.status == status and (message_part == nil or string.find(hs.message, message_part, 1, true))
  if not ok then
    failures = failures + 1
    print("FAIL " .. name .. ": got " .. tostring(hs.status) .. " '" .. tostring(hs.message) ..
      "', want " .. status .. " '" .. tostring(message_part) .. "'")
  else
    print("ok   " .. name)
  end
end

expect("no status yet", list(1, nil), "Progressing", "Waiting for the operator")
expect("older generation observed",
  list(3, { observedGeneration = 2, conditions = { condition("True", "Available", "serving") } }),
  "Progressing", "generation 3")
expect("ready", list(3, { observedGeneration = 3, conditions = {
  { type = "Rendered", status = "True", reason = "Rendered", message = "5 entries" },
  condition("True", "Available", "serving http://talk-site.talks.svc") } }),
  "Healthy", "serving http://talk-site.talks.svc")
expect("site disabled is healthy",
  list(2, { observedGeneration = 2, conditions = { condition("True", "SiteDisabled", "rendered") } }),
  "Healthy", "rendered")
expect("invalid spec", list(4, { observedGeneration = 4, conditions = {
  condition("False", "InvalidSpec", "spec.sections[0].entries[0].url: scheme \"javascript\" is not allowed") } }),
  "Degraded", "InvalidSpec: spec.sections[0].entries[0].url")
expect("too large", list(4, { observedGeneration = 4, conditions = {
  condition("False", "ContentTooLarge", "rendered content is 2000000 bytes") } }),
  "Degraded", "ContentTooLarge")
expect("rolling out", list(5, { observedGeneration = 5, conditions = {
  condition("False", "Progressing", "0 of 2 replicas ready") } }),
  "Progressing", "0 of 2 replicas ready")
expect("api error is transient", list(5, { observedGeneration = 5, conditions = {
  condition("False", "ApiError", "apply Deployment talk-site: 500") } }),
  "Progressing", "ApiError")
expect("no Ready condition", list(1, { observedGeneration = 1, conditions = {} }), "Progressing", nil)
expect("unknown", list(1, { observedGeneration = 1, conditions = { condition("Unknown", "Progressing", "") } }),
  "Progressing", nil)

-- The ConfigMap patch must hold the same script, indented under its key.
local function read(path)
  local file = assert(io.open(path, "r"))
  local text = file:read("*a")
  file:close()
  return text
end
local patch = read(source_dir .. "/examples/argocd/argocd-cm-patch.yaml")
local embedded = {}
local inside = false
for line in string.gmatch(patch, "([^\n]*)\n") do
  if inside then
    table.insert(embedded, (string.gsub(line, "^    ", "")))
  elseif string.find(line, "resource.customizations.health.readinglist.dev_ReadingList: |", 1, true) then
    inside = true
  end
end
if table.concat(embedded, "\n") .. "\n" ~= read(script_path) then
  failures = failures + 1
  print("FAIL argocd-cm-patch.yaml does not embed the current health.lua")
else
  print("ok   argocd-cm-patch.yaml embeds health.lua")
end

if failures > 0 then
  os.exit(1)
end
