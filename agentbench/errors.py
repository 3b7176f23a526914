"""Typed exceptions for bad input, and the one closed set of verdict reason codes.

Exceptions are for the harness's own inputs (scenario files, configs, datasets). A model's bad output is
never an exception: it becomes a ParseResult error and a verdict with one of the reason codes below.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum


class AgentbenchError(Exception):
    """Base for errors the CLI prints as one clear line (no traceback)."""

    exit_code = 1


class UsageError(AgentbenchError):
    """Bad command-line usage or config."""

    exit_code = 2


class ScenarioError(AgentbenchError):
    """A scenario file is malformed. Always names file, line and field."""

    exit_code = 2

    def __init__(self, file: str, line: int | None, field: str, message: str):
        self.file, self.line, self.field, self.message = file, line, field, message
        where = f"{file}:{line}" if line else file
        super().__init__(f"{where}: {field}: {message}" if field else f"{where}: {message}")


class DatasetMissing(AgentbenchError):
    """A dataset file is not on disk; the message names the file and how to fetch it."""

    exit_code = 2


class BackendFatal(AgentbenchError):
    """The model endpoint refuses every request (bad key, unknown model): stop the run."""

    exit_code = 3


class StorageError(AgentbenchError):
    """The run directory cannot be written (read-only, disk full, permissions). What was already written
    stays; rerunning the same command resumes once the cause is fixed."""

    exit_code = 5

    @classmethod
    @contextmanager
    def guard(cls, path: object) -> Iterator[None]:
        try:
            yield
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            raise cls(f"cannot write {path}: {reason}; nothing already written is lost — fix it and rerun") from None


EXIT_HARNESS_ERRORS = 4
"""Exit code of a run that finished but left samples with harness errors (a rerun retries them)."""

EXIT_JUDGE_PARSE = 6
"""Exit code of a run whose judge replies parsed below the threshold (default 98%): its judged numbers
rest on too few judgments to report."""


class Reason(str, Enum):
    """Why a check failed. Stable strings: reports, tests and users' scripts key on them."""

    # parsing
    FORMAT_ERROR = "FORMAT_ERROR"
    # tool choice
    MISSING_CALL = "MISSING_CALL"
    WRONG_TOOL = "WRONG_TOOL"
    HALLUCINATED_TOOL = "HALLUCINATED_TOOL"
    EXTRA_CALL = "EXTRA_CALL"
    # arguments
    ARG_MISMATCH = "ARG_MISMATCH"
    ARG_MISSING = "ARG_MISSING"
    ARG_UNEXPECTED = "ARG_UNEXPECTED"
    ARG_SCHEMA_INVALID = "ARG_SCHEMA_INVALID"
    ARG_TYPE_MISMATCH = "ARG_TYPE_MISMATCH"
    # ordering
    ORDER_VIOLATION = "ORDER_VIOLATION"
    # abstention / clarification
    CALLED_INSTEAD_OF_DECLINING = "CALLED_INSTEAD_OF_DECLINING"
    NOT_A_DECLINE = "NOT_A_DECLINE"
    CALLED_INSTEAD_OF_ASKING = "CALLED_INSTEAD_OF_ASKING"
    NOT_A_QUESTION = "NOT_A_QUESTION"
    CALLED_WITHOUT_NEED = "CALLED_WITHOUT_NEED"
    UNDECIDED = "UNDECIDED"
    # hallucination
    FABRICATED_OBSERVATION = "FABRICATED_OBSERVATION"
    # error recovery and loops
    NO_RECOVERY = "NO_RECOVERY"
    REPEATED_FAILING_CALL = "REPEATED_FAILING_CALL"
    LOOP = "LOOP"
    STEP_LIMIT = "STEP_LIMIT"
    # final answer
    NO_ANSWER = "NO_ANSWER"
    ANSWER_MISSING_FACT = "ANSWER_MISSING_FACT"
    ANSWER_FORBIDDEN_FACT = "ANSWER_FORBIDDEN_FACT"
    ANSWER_WRONG_LANGUAGE = "ANSWER_WRONG_LANGUAGE"
    ANSWER_IMAGE_NOT_SHOWN = "ANSWER_IMAGE_NOT_SHOWN"
    # world state
    STATE_MISMATCH = "STATE_MISMATCH"
    # harness
    MODEL_ERROR = "MODEL_ERROR"


REASON_HELP: dict[Reason, str] = {
    Reason.FORMAT_ERROR: "the output is not a valid call or answer in the dialect",
    Reason.MISSING_CALL: "an expected tool call was never made",
    Reason.WRONG_TOOL: "an offered tool was called where another was expected",
    Reason.HALLUCINATED_TOOL: "a tool that was not offered was called",
    Reason.EXTRA_CALL: "a call that no expectation accounts for",
    Reason.ARG_MISMATCH: "an argument has the wrong value",
    Reason.ARG_MISSING: "an expected argument is absent",
    Reason.ARG_UNEXPECTED: "an argument the expectation does not allow",
    Reason.ARG_SCHEMA_INVALID: "the arguments do not validate against the tool's JSON Schema",
    Reason.ARG_TYPE_MISMATCH: "an argument has the wrong JSON type for its parameter (5.0 or \"5\" for an integer)",
    Reason.ORDER_VIOLATION: "a call came before one it depends on",
    Reason.CALLED_INSTEAD_OF_DECLINING: "no tool fits, but the model called one",
    Reason.NOT_A_DECLINE: "no tool fits, and the answer does not say so",
    Reason.CALLED_INSTEAD_OF_ASKING: "a required argument was missing and the model guessed it",
    Reason.NOT_A_QUESTION: "a required argument was missing and the model did not ask for it",
    Reason.CALLED_WITHOUT_NEED: "the turn needs no tool, but the model called one",
    Reason.UNDECIDED: "the rules cannot tell whether the answer declines / asks (a judge decides; not a failure)",
    Reason.FABRICATED_OBSERVATION: "the model wrote a tool result (`Observation:`) itself instead of waiting for it",
    Reason.NO_RECOVERY: "after a tool error the model gave up without a successful call",
    Reason.REPEATED_FAILING_CALL: "the model repeated a call that had just failed the same way",
    Reason.LOOP: "the same call was made over and over",
    Reason.STEP_LIMIT: "the turn hit the step limit",
    Reason.NO_ANSWER: "the turn ended without a final answer",
    Reason.ANSWER_MISSING_FACT: "the final answer lacks a required fact",
    Reason.ANSWER_FORBIDDEN_FACT: "the final answer states something it must not",
    Reason.ANSWER_WRONG_LANGUAGE: "the final answer is not in the language of the question",
    Reason.ANSWER_IMAGE_NOT_SHOWN: "an image URL a tool returned is not shown as ![](url)",
    Reason.STATE_MISMATCH: "the simulated world ended in the wrong state",
    Reason.MODEL_ERROR: "the backend failed after retries (a harness error, not a score)",
}
