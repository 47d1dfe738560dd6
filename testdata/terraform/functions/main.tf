locals {
  base    = { a = 1, b = "x" }
  merged  = merge(local.base, { b = "y", c = true })
  looked  = lookup(local.merged, "missing", "fallback")
  list    = concat(["a", "b"], ["c"])
  joined  = join(",", local.list)
  parts   = split("-", "x-y-z")
  upper   = upper(format("%s-%03d", "db", 7))
  has     = contains(local.list, "b")
  len     = length(local.list)
  coal    = coalesce("", null, "first")
  tried   = try(local.base.nope, "default")
  can_it  = can(local.base.nope)
  json    = jsonencode({ k = [1, 2] })
  decoded = jsondecode("{\"x\": {\"y\": true}}").x.y
  b64     = base64decode(base64encode("hello"))
  subnet  = cidrsubnet("10.0.0.0/16", 8, 3)
  flat    = flatten([["a"], ["b", ["c"]]])
  uniq    = distinct(["a", "a", "b"])
  comp    = compact(["a", "", null, "b"])
  starts  = startswith("arn:aws:iam", "arn:")
  trimmed = trimspace("  hi  ")
  forlist = [for s in local.list : upper(s) if s != "b"]
  formap  = { for k, v in local.base : k => tostring(v) }
  splat   = [{ n = 1 }, { n = 2 }][*].n
  tmpl    = "%{for x in local.list}${x};%{endfor}"
  cond    = local.len > 2 ? "many" : "few"
  elem    = element(local.list, 4)
  keys    = keys(local.base)
}

resource "null_resource" "out" {
  triggers = local.merged
}

resource "null_resource" "all" {
  v = {
    looked = local.looked, joined = local.joined, parts = local.parts, upper = local.upper,
    has = local.has, len = local.len, coal = local.coal, tried = local.tried, can_it = local.can_it,
    json = local.json, decoded = local.decoded, b64 = local.b64, subnet = local.subnet,
    flat = local.flat, uniq = local.uniq, comp = local.comp, starts = local.starts,
    trimmed = local.trimmed, forlist = local.forlist, formap = local.formap, splat = local.splat,
    tmpl = local.tmpl, cond = local.cond, elem = local.elem, keys = local.keys
  }
}
