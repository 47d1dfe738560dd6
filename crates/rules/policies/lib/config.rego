# Configuration helpers: `[policy.data]` in .infra-lint.toml arrives as data.infra_lint.config.
package infra_lint.lib.config

import rego.v1

# get(path, default_value) reads data.infra_lint.config at `path` (an array of keys), or
# `default_value` when it is not configured.
get(path, default_value) := object.get(data.infra_lint.config, path, default_value) if {
	is_object(data.infra_lint.config)
} else := default_value

# production(input_file) holds when the file was inferred or configured as production.
production(f) if f.environment == "production"
