# Helpers for infra-lint policies: build results that the engine maps back to exact source
# locations. A result is an object {"msg", "at", "severity"?, "key"?, "fix"?, "related"?}.
#
# `at` can be
#   - a path into the input, as an array: ["config", "services", "web", "ports", 0]
#     (the engine resolves it to the value's span, or to the key's span for objects/arrays);
#   - any node of `input.document` (it carries `_loc`), or a span object {file, start, end}.
# Without `at`, a result is located at the top of the file.
package infra_lint.lib.result

import rego.v1

# new(msg, at) is a result located at `at`.
new(msg, at) := {"msg": msg, "at": at}

# with_key(res, key) adds a structural fingerprint key (a resource address, a key path …).
with_key(res, key) := object.union(res, {"key": key})

# with_fix(res, fix) adds a one-line fix hint.
with_fix(res, fix) := object.union(res, {"fix": fix})

# with_related(res, rel) adds related locations: an array of {"at": …, "msg": …}.
with_related(res, rel) := object.union(res, {"related": rel})

# with_severity(res, sev) overrides the policy's severity for this result.
with_severity(res, sev) := object.union(res, {"severity": sev})
