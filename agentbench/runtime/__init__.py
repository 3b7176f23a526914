"""What every model call goes through: retries (Retry-After aware), per-endpoint rate limits, the response cache.

    from agentbench.runtime import CachedModel, RetryPolicy, call_with_retries, shared_limiter

Sits below models/: it knows requests and outputs (agentbench.types), never a backend.
"""

from agentbench.runtime.cache import CachedModel, request_key
from agentbench.runtime.limiter import EndpointLimiter, shared_limiter
from agentbench.runtime.retry import Failure, RetriesExhausted, RetryPolicy, call_with_retries

__all__ = ["CachedModel", "EndpointLimiter", "Failure", "RetriesExhausted", "RetryPolicy", "call_with_retries",
           "request_key", "shared_limiter"]
