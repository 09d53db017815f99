"""Commands for operators: creating editors, exporting and importing content."""
