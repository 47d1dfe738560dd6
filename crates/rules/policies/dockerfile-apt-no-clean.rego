# METADATA
# title: apt-get install without removing the package lists
# description: |
#   ## What it does
#   Flags a `RUN` in the final stage of a Dockerfile that runs `apt-get install` (or
#   `apt install`) without `rm -rf /var/lib/apt/lists/*` in the same `RUN`, unless the apt
#   lists directory is a BuildKit cache mount.
#
#   ## Why is this bad?
#   The package lists (tens of megabytes) stay in the image layer: every pull and every node
#   pays for them, and the stale lists are a snapshot of the archive at build time. Removing
#   them in a later `RUN` does not shrink the earlier layer. Build stages that are not shipped
#   are not flagged.
#
#   ## How to fix
#   End the same `RUN` with `&& rm -rf /var/lib/apt/lists/*`, or mount the lists as a cache
#   (`RUN --mount=type=cache,target=/var/lib/apt …`).
#
#   ## Example
#   ```dockerfile
#   # bad
#   RUN apt-get update && apt-get install -y --no-install-recommends curl
#   ```
#   ```dockerfile
#   # good
#   RUN apt-get update && apt-get install -y --no-install-recommends curl \
#       && rm -rf /var/lib/apt/lists/*
#   ```
# related_resources:
#   - ref: https://docs.docker.com/build/building/best-practices/#apt-get
#   - ref: https://github.com/hadolint/hadolint/wiki/DL3009
# custom:
#   id: dockerfile-apt-no-clean
#   severity: low
#   tags: [containers, dockerfile, hygiene]
#   formats: [dockerfile]
#   precision: high
package infra_lint.rules.dockerfile_apt_no_clean

import rego.v1

import data.infra_lint.lib.result

commands := c if {
	c := input.config
	is_array(c)
} else := []

last_stage := max([cmd.Stage | some cmd in commands]) if count(commands) > 0

installs(script) if regex.match(`(^|[;&|(]\s*|\s)apt(-get)?\s+(-\S+\s+)*install(\s|$)`, script)

removes_lists(script) if regex.match(`rm\s+(-\S+\s+)*[^;&|]*/var/lib/apt/lists`, script)

cache_mounted(cmd) if {
	is_array(cmd.Flags)
	some flag in cmd.Flags
	contains(flag, "type=cache")
	contains(flag, "/var/lib/apt")
}

deny contains res if {
	some i, cmd in commands
	cmd.Cmd == "run"
	cmd.Stage == last_stage
	is_array(cmd.Value)
	script := concat(" ", cmd.Value)
	installs(script)
	not removes_lists(script)
	not cache_mounted(cmd)
	msg := "RUN installs apt packages without `rm -rf /var/lib/apt/lists/*` in the same layer: the package lists stay in the final image"
	res := result.with_fix(result.new(msg, ["config", i]), "append `&& rm -rf /var/lib/apt/lists/*` to this RUN")
}
