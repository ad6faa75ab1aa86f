"""Qt wrappers that deliver background results and worker events on the GUI thread."""
