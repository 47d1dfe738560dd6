# METADATA
# title: Test policy test-sql-plain
# description: Fixture policy for the sql input.
# custom:
#   id: test-sql-plain
#   severity: medium
#   formats: [sql]
package fixtures.test_sql_plain

import rego.v1

deny contains "a SQL file" if {
	input.kind == "sql"
}
