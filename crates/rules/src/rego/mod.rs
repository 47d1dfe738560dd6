//! The Rego policy engine (regorus): shipped policies, user policies, conftest shapes.
