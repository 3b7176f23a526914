"""Argument matchers: how a scenario says which argument values are right.

In scenario YAML an expected value is either a literal or a one-key matcher object:

    location: 北京                         literal string: equal after width/case/whitespace/decorative
                                           punctuation folding (signs, `.`, `-`, `:`, `/`, `@` are kept)
    count: 5                               literal number: by value, also "5"; 5.0 is a type error for an
                                           integer parameter unless {eq: 5, allow_float: true}
    location: {place: 北京}                 place name: 市/区/省 suffixes, traditional, pinyin, ", China"
    query: {exact: "ls -la"}                byte-exact
    resolution: {enum: [1024*1024, 720*1280]}
    temperature: {approx: 21.5, tol: 0.5}   numeric, numeric strings accepted
    date: {regex: "2026-11-2[34]", example: "2026-11-23"}
    city: {any_of: [{place: 北京}, 首都]}
    unit: {optional: [c, celsius]}          absent, or one of the options
    tags: {set: [猫, 狗]}                   unordered, no repeats; {multiset: …}; {list: …} ordered
    filters: {object: {...}, allow_extra: true}   nested object (a plain mapping also works)
    note: {present: true, example: "x"}      any value

Every matcher can produce an `example()` value: the gold oracle uses it to write a correct call.
This module is the stable import path; the code lives in base / scalars / composite / compile.
"""

from agentbench.matchers.base import Match, Matcher, MatcherSpecError
from agentbench.matchers.compile import OPS, cached_matcher, compile_matcher, is_matcher_spec
from agentbench.matchers.composite import AnyOf, Object_, Optional_, Sequence_
from agentbench.matchers.scalars import (
    Approx,
    Enum_,
    Eq,
    Exact,
    Literal_,
    Norm,
    Present,
    Regex,
    as_number,
    enum_member,
    literal_equal,
)

__all__ = [
    "OPS", "AnyOf", "Approx", "Enum_", "Eq", "Exact", "Literal_", "Match", "Matcher", "MatcherSpecError", "Norm",
    "Object_", "Optional_", "Present", "Regex", "Sequence_", "as_number", "cached_matcher", "compile_matcher",
    "enum_member", "is_matcher_spec", "literal_equal",
]
