package infra_lint.rules.dockerfile_apt_no_clean_test

import rego.v1

import data.infra_lint.rules.dockerfile_apt_no_clean as policy

run(script, stage) := {"Cmd": "run", "Flags": [], "Value": [script], "Stage": stage, "JSON": false, "SubCmd": ""}

from(image, stage) := {"Cmd": "from", "Flags": [], "Value": [image], "Stage": stage, "JSON": false, "SubCmd": ""}

test_install_without_cleanup if {
	results := policy.deny with input as {"config": [from("debian", 0), run("apt-get update && apt-get install -y curl", 0)]}
	count(results) == 1
	some r in results
	r.at == ["config", 1]
}

test_apt_install_short_form if {
	count(policy.deny) == 1 with input as {"config": [from("ubuntu", 0), run("apt update; apt install -y git", 0)]}
}

test_cleanup_in_same_run_is_fine if {
	count(policy.deny) == 0 with input as {"config": [
		from("debian", 0),
		run("apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*", 0),
	]}
}

test_cache_mount_is_fine if {
	cmd := object.union(run("apt-get update && apt-get install -y curl", 0), {"Flags": ["--mount=type=cache,target=/var/lib/apt,sharing=locked"]})
	count(policy.deny) == 0 with input as {"config": [from("debian", 0), cmd]}
}

test_build_stage_is_fine if {
	count(policy.deny) == 0 with input as {"config": [
		from("debian", 0),
		run("apt-get install -y build-essential", 0),
		from("gcr.io/distroless/base", 1),
	]}
}

test_apt_get_mention_is_fine if {
	count(policy.deny) == 0 with input as {"config": [from("debian", 0), run("echo apt-get-installer", 0)]}
}
