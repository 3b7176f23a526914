"""Argument matchers: compiled from scenario specs at load, applied by the trace scorer.

They sit below both `scenario/` (which compiles them, so a bad matcher is a file:line error) and
`scoring/` (which runs them), so neither imports the other.
"""
