"""The offline data package: its schema, the build from data/raw/, the validator, quote rules, the access rules
and the loader the app reads data/ with. Imports nothing of the presentation."""
