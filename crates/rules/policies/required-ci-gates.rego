# METADATA
# title: Pull-request workflows do not run a required check
# description: |
#   ## What it does
#   Checks that the checks an organisation requires before merging are run by a GitHub Actions
#   workflow triggered by pull requests (`pull_request` or `pull_request_target`). The checks
#   are configured; the rule is silent until they are:
#
#   ```toml
#   # .infra-lint.toml
#   [policy.data.required_ci_gates]
#   checks = ["tenant-isolation", "rate-limit"]
#   ```
#
#   A check is run when its name appears (case-insensitively) in a job id, a job or step
#   `name`, a step's `run` script or `uses`, or a reusable workflow a job calls. A check can
#   also be a table with its own patterns:
#   `checks = [{ name = "tenant-isolation", match = ["pytest tests/tenancy", "make isolation-test"] }]`.
#
#   ## Why is this bad?
#   A gate that no pull-request workflow runs does not gate anything: a change that breaks
#   tenant isolation or removes rate limiting merges green. The check may exist in a nightly
#   or push-only workflow, which reports after the merge.
#
#   ## How to fix
#   Run the check in a workflow triggered by `pull_request`, and make it a required status
#   check in branch protection.
#
#   ## Example
#   ```yaml
#   # bad: the tenant-isolation suite only runs nightly
#   on: pull_request
#   jobs:
#     unit:
#       runs-on: ubuntu-latest
#       steps:
#         - run: make test
#   ```
#   ```yaml
#   # good
#   on: pull_request
#   jobs:
#     tenant-isolation:
#       runs-on: ubuntu-latest
#       steps:
#         - run: make test-tenant-isolation
#   ```
# related_resources:
#   - ref: https://docs.github.com/en/repositories/configuring-branches-and-merges-in-your-repository/managing-protected-branches/about-protected-branches#require-status-checks-before-merging
# custom:
#   id: required-ci-gates
#   severity: high
#   tags: [ci, governance]
#   formats: [workflow]
#   scope: repository
#   precision: high
#   weigh_by_environment: false
#   requires_config: required_ci_gates.checks | ci.required_checks
package infra_lint.rules.required_ci_gates

import rego.v1

import data.infra_lint.lib.config
import data.infra_lint.lib.result

pr_events := {"pull_request", "pull_request_target"}

# The configured checks: `[policy.data.required_ci_gates] checks`, else `[ci] required-checks`.
configured := config.get(["required_ci_gates", "checks"], config.get(["ci", "required_checks"], []))

# A check: {name, patterns}.
checks contains {"name": c, "patterns": [lower(c)]} if {
	some c in configured
	is_string(c)
}

checks contains {"name": c.name, "patterns": [lower(p) | some p in object.get(c, "match", [c.name])]} if {
	some c in configured
	is_object(c)
	is_string(c.name)
}

# The `on:` value (YAML 1.1 readers may turn the key into `true`).
triggers(f) := f.config.on

triggers(f) := f.config["true"] if not f.config.on

# The path to the pull-request trigger of workflow file fi.
pr_trigger contains [fi, ["files", fi, "config", "on"]] if {
	some fi, f in input.files
	triggers(f) in pr_events
}

pr_trigger contains [fi, ["files", fi, "config", "on", i]] if {
	some fi, f in input.files
	is_array(triggers(f))
	some i, t in triggers(f)
	is_string(t)
	t in pr_events
}

pr_trigger contains [fi, ["files", fi, "config", "on", e]] if {
	some fi, f in input.files
	is_object(triggers(f))
	some e, _ in triggers(f)
	e in pr_events
}

pr_files := {fi | some [fi, _] in pr_trigger}

# Every lower-cased text of a workflow that can name a check.
texts(f) := ((ids | names) | uses) | steps if {
	jobs := object.get(f.config, "jobs", {})
	is_object(jobs)
	ids := {lower(id) | some id, _ in jobs}
	names := {lower(job.name) | some job in jobs; is_object(job); is_string(job.name)}
	uses := {lower(job.uses) | some job in jobs; is_object(job); is_string(job.uses)}
	steps := {lower(step[k]) |
		some job in jobs
		is_object(job)
		is_array(job.steps)
		some step in job.steps
		is_object(step)
		some k in ["name", "run", "uses"]
		is_string(step[k])
	}
} else := set()

runs(check) if {
	some fi in pr_files
	some t in texts(input.files[fi])
	some p in check.patterns
	contains(t, p)
}

first_trigger := min({at | some [fi, at] in pr_trigger; fi == min(pr_files)})

deny contains res if {
	count(pr_files) > 0
	some check in checks
	not runs(check)
	names := sort([input.files[fi].path | some fi in pr_files])
	msg := sprintf(
		"required check %q is not run by any pull-request workflow (%s): changes can merge without it",
		[check.name, concat(", ", names)],
	)
	related := [{"at": at, "msg": "pull-request workflow without the check"} |
		some [fi, at] in pr_trigger
		at != first_trigger
	]
	res := result.with_key(
		result.with_related(
			result.with_fix(result.new(msg, first_trigger), sprintf("run the %s check in a workflow triggered by pull_request", [check.name])),
			related,
		),
		sprintf("required-ci-gates:%s", [check.name]),
	)
}

deny contains res if {
	count(pr_files) == 0
	count(checks) > 0
	count(input.files) > 0
	fi := 0
	msg := sprintf(
		"no workflow runs on pull requests, so the required checks (%s) never gate a merge",
		[concat(", ", sort([c.name | some c in checks]))],
	)
	at := ["files", fi, "config", "on"]
	res := result.with_key(result.with_fix(result.new(msg, at), "add a workflow triggered by pull_request that runs the required checks"), "required-ci-gates:no-pr-workflow")
}
