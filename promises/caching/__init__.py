"""Answering quickly and correctly with any number of processes: the content stamp, HTTP
validators and the whole-page cache (docs/architecture.md "The way of a request")."""
