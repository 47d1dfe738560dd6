# METADATA
# title: Production Fly app can scale to zero machines
# description: |
#   ## What it does
#   Flags a production `fly.toml` whose `[http_service]` (or a `[[services]]` entry) stops idle
#   machines (`auto_stop_machines = "stop"`, `"suspend"` or `true`) while `min_machines_running`
#   is 0 or unset.
#
#   ## Why is this bad?
#   With every machine stopped, the first request after a quiet period waits for a cold start
#   (seconds, or a failed health check and a 502), and background work in the app stops. For a
#   production app that is an outage users see.
#
#   ## How to fix
#   Set `min_machines_running = 1` (or more) for production, or turn auto-stop off.
#
#   ## Example
#   ```toml
#   # bad (fly.production.toml)
#   [http_service]
#     internal_port = 8080
#     auto_stop_machines = "stop"
#     min_machines_running = 0
#   ```
#   ```toml
#   # good
#   [http_service]
#     internal_port = 8080
#     auto_stop_machines = "stop"
#     min_machines_running = 1
#   ```
# related_resources:
#   - ref: https://fly.io/docs/launch/autostop-autostart/
#   - ref: https://fly.io/docs/reference/configuration/#the-http_service-section
# custom:
#   id: fly-min-machines-production
#   severity: medium
#   tags: [reliability, fly]
#   formats: [fly]
#   precision: high
package infra_lint.rules.fly_min_machines_production

import rego.v1

import data.infra_lint.lib.result

stops(v) if v == true

stops(v) if v in {"stop", "suspend"}

# Each service section with its path in the input.
sections contains [["config", "http_service"], s] if {
	s := input.config.http_service
	is_object(s)
}

sections contains [["config", "services", i], s] if {
	is_array(input.config.services)
	some i, s in input.config.services
	is_object(s)
}

deny contains res if {
	input.environment == "production"
	some [path, s] in sections
	stops(s.auto_stop_machines)
	object.get(s, "min_machines_running", 0) < 1
	at := location(path, s)
	msg := sprintf(
		"production Fly app %s stops idle machines (auto_stop_machines = %v) with min_machines_running = %v: requests after a quiet period hit a cold start",
		[object.get(input.config, "app", input.path), s.auto_stop_machines, object.get(s, "min_machines_running", 0)],
	)
	res := result.with_fix(result.new(msg, at), "set min_machines_running = 1 (or more) for production")
}

location(path, s) := array.concat(path, ["min_machines_running"]) if {
	"min_machines_running" in object.keys(s)
} else := array.concat(path, ["auto_stop_machines"])
