# METADATA
# title: Workflow job without timeout-minutes
# description: |
#   ## What it does
#   Flags a GitHub Actions job that runs steps but sets no `timeout-minutes`.
#
#   ## Why is this bad?
#   A job without a timeout runs for up to 6 hours when a step hangs (a stuck test, a prompt
#   waiting for input, a deadlocked deploy), holding a runner, blocking the concurrency group
#   and, on paid or self-hosted runners, costing money.
#
#   Jobs that call a reusable workflow (`uses:` at job level) cannot set a timeout and are
#   not flagged, nor are jobs that cannot hang: every step is a `run:` script made only of
#   shell built-ins and text filters on its own input (`echo`, `printf`, `test`/`[`, `if`,
#   `exit`, `sed`, `grep`, `tr`, … with no command substitution), besides a runner-hardening
#   step (`step-security/harden-runner`).
#
#   ## How to fix
#   Set `timeout-minutes` on the job to a few times its usual duration.
#
#   ## Example
#   ```yaml
#   # bad
#   jobs:
#     test:
#       runs-on: ubuntu-latest
#       steps:
#         - run: make test
#   ```
#   ```yaml
#   # good
#   jobs:
#     test:
#       runs-on: ubuntu-latest
#       timeout-minutes: 20
#       steps:
#         - run: make test
#   ```
# related_resources:
#   - ref: https://docs.github.com/en/actions/writing-workflows/workflow-syntax-for-github-actions#jobsjob_idtimeout-minutes
# custom:
#   id: workflow-timeout-missing
#   severity: low
#   tags: [ci, reliability, cost]
#   formats: [workflow]
#   precision: very-high
#   weigh_by_environment: false
package infra_lint.rules.workflow_timeout_missing

import rego.v1

import data.infra_lint.lib.result

deny contains res if {
	jobs := input.config.jobs
	is_object(jobs)
	some id, job in jobs
	is_object(job)
	not job.uses
	is_array(job.steps)
	not "timeout-minutes" in object.keys(job)
	not bounded_job(job)
	msg := sprintf("job %q sets no timeout-minutes: a hung step keeps the runner busy for up to 6 hours", [id])
	res := result.with_key(
		result.with_fix(result.new(msg, ["config", "jobs", id]), sprintf("add `timeout-minutes:` to job %q", [id])),
		sprintf("jobs.%s", [id]),
	)
}

# Commands that finish on their own: shell built-ins and filters of their own input.
bounded_commands := {
	"echo", "printf", "test", "[", "[[", "]", "]]", "if", "then", "else", "elif", "fi", "exit",
	"true", "false", ":", "set", "export", "unset", "shift", "sed", "grep", "tr", "cut", "wc",
	"head", "tail", "sort", "uniq", "basename", "dirname", "do", "done", "case", "esac",
}

bounded_job(job) if {
	count(job.steps) > 0
	every step in job.steps {
		bounded_step(step)
	}
}

# runner hardening that a job starts with does none of its work and returns at once
bounded_step(step) if {
	is_object(step)
	is_string(step.uses)
	startswith(lower(step.uses), "step-security/harden-runner@")
}

bounded_step(step) if {
	is_object(step)
	not step.uses
	is_string(step.run)
	not contains(step.run, "$(")
	not contains(step.run, "`")
	every segment in script_segments(step.run) {
		bounded_segment(segment)
	}
}

# The command segments of a script: lines split at `|`, `;` and `&`.
script_segments(script) := [trim_space(part) |
	some line in split(script, "\n")
	some part in regex.split(`[|;&]`, line)
]

bounded_segment(segment) if segment == ""

bounded_segment(segment) if startswith(segment, "#")

# a redirect target (`>> "$GITHUB_OUTPUT"`) or a test's tail (`]`, `then`)
bounded_segment(segment) if {
	words := split(segment, " ")
	first := trim_left(words[0], "!")
	first in bounded_commands
}

bounded_segment(segment) if {
	words := split(segment, " ")
	first := trim_left(words[0], "!")
	first == ""
	count(words) > 1
	trim_left(words[1], "!") in bounded_commands
}
