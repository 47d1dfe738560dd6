package main

# Rego v0 syntax, as older conftest policy libraries are written.

deny[msg] {
	input[i].Cmd == "from"
	val := input[i].Value
	endswith(val[0], ":latest")
	msg := sprintf("image %s uses the latest tag", [val[0]])
}

warn_registry[msg] {
	input[i].Cmd == "from"
	image := input[i].Value[0]
	not allowed(image)
	msg := sprintf("image %s is not from an allowed registry", [image])
}

allowed(image) {
	startswith(image, data.registries.allowed[_])
}
