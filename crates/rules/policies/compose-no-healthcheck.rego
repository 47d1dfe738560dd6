# METADATA
# title: Compose service without a healthcheck
# description: |
#   ## What it does
#   Flags a docker compose service that has no `healthcheck` when another service waits for it
#   with `depends_on: {<name>: {condition: service_healthy}}`, and, in production compose files,
#   any image-based service without one.
#
#   ## Why is this bad?
#   `condition: service_healthy` needs a healthcheck: without one (in the compose file or the
#   image) `docker compose up` stops with "dependency failed to start". In production, a service
#   without a healthcheck is reported healthy while it is still starting or already wedged, so
#   restarts and rolling updates route traffic to it.
#
#   Services built from a local Dockerfile (`build:`) are not flagged: their Dockerfile may
#   declare `HEALTHCHECK`.
#
#   ## How to fix
#   Add a `healthcheck` with a real probe of the service.
#
#   ## Example
#   ```yaml
#   # bad
#   services:
#     db:
#       image: postgres:16
#     api:
#       image: ghcr.io/acme/api:1.4
#       depends_on:
#         db:
#           condition: service_healthy
#   ```
#   ```yaml
#   # good
#   services:
#     db:
#       image: postgres:16
#       healthcheck:
#         test: ["CMD-SHELL", "pg_isready -U postgres"]
#         interval: 5s
#   ```
# related_resources:
#   - ref: https://docs.docker.com/reference/compose-file/services/#healthcheck
#   - ref: https://docs.docker.com/compose/how-tos/startup-order/
# custom:
#   id: compose-no-healthcheck
#   severity: medium
#   tags: [reliability, compose]
#   formats: [compose]
#   precision: high
package infra_lint.rules.compose_no_healthcheck

import rego.v1

import data.infra_lint.lib.result

services := s if {
	s := input.config.services
	is_object(s)
} else := {}

has_healthcheck(svc) if {
	is_object(svc.healthcheck)
	not svc.healthcheck.disable == true
}

waiting_on(name) := {dep |
	some dep, svc in services
	is_object(svc)
	is_object(svc.depends_on)
	svc.depends_on[name].condition == "service_healthy"
}

candidate(svc) if {
	is_object(svc)
	not svc.build
}

deny contains res if {
	some name, svc in services
	candidate(svc)
	not has_healthcheck(svc)
	waiters := waiting_on(name)
	count(waiters) > 0
	msg := sprintf(
		"compose service %q has no healthcheck, but %s wait(s) for it with condition service_healthy; compose cannot start them unless the image defines HEALTHCHECK",
		[name, concat(", ", sort(waiters))],
	)
	res := result.with_fix(
		result.with_severity(result.new(msg, ["config", "services", name]), "high"),
		sprintf("add a healthcheck to service %q", [name]),
	)
}

deny contains res if {
	input.environment == "production"
	some name, svc in services
	candidate(svc)
	svc.image
	not svc.healthcheck
	count(waiting_on(name)) == 0
	msg := sprintf("production compose service %q (image %s) has no healthcheck; it is reported healthy while starting or wedged", [name, svc.image])
	res := result.with_fix(result.new(msg, ["config", "services", name]), sprintf("add a healthcheck to service %q", [name]))
}
