"""The citizen-promise site's one Django app (app label `promises`); the map is
docs/architecture.md."""
