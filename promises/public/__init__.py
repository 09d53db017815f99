"""The pages residents see: periods and promises, finding, the accessibility statement
and report form, uploads."""
