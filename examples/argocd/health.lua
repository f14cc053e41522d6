-- Argo CD health check for readinglist.dev/ReadingList
-- (resource.customizations.health.readinglist.dev_ReadingList in argocd-cm).
-- Healthy: the operator saw the current generation and the page is served (Ready=True).
-- Degraded: the list itself must change (InvalidSpec, ContentTooLarge): retrying cannot help.
-- Progressing: everything else (not yet observed, rolling out, a transient API error).
local hs = { status = "Progressing", message = "Waiting for the operator to reconcile the list" }
if obj.status == nil then
  return hs
end
local generation = obj.metadata and obj.metadata.generation
if generation ~= nil and obj.status.observedGeneration ~= generation then
  hs.message = "Waiting for the operator to observe generation " .. tostring(generation)
  return hs
end
local ready = nil
for _, condition in ipairs(obj.status.conditions or {}) do
  if condition.type == "Ready" then
    ready = condition
  end
end
if ready == nil then
  return hs
end
local message = ready.message or ""
if ready.status == "True" then
  hs.status = "Healthy"
  hs.message = message
elseif ready.status == "False" and (ready.reason == "InvalidSpec" or ready.reason == "ContentTooLarge") then
  hs.status = "Degraded"
  hs.message = ready.reason .. ": " .. message
else
  hs.message = (ready.reason or "Progressing") .. ": " .. message
end
return hs
