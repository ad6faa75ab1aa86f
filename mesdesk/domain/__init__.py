"""Pure domain rules: stdlib only, no I/O."""
